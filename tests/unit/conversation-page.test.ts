// The conversation page's pure parts: reading server-sent events as they arrive (cut anywhere),
// and the choice body it sends, which must meet the server's rules (lib/domain/answers.ts and
// lib/server/conversations/choose-reply.ts) so that what the page offers is what is accepted.
import { describe, expect, it } from "vitest";
import { ReplyStreamStore } from "@/components/labeling/reply-stream-store";
import { SseParser } from "@/components/labeling/sse-reader";
import { choiceBody, emptyChoice, type ChoiceDraft } from "@/lib/domain/conversation/choice-draft";
import { choiceBodySchema } from "@/lib/validation/conversations";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const draft = (patch: Partial<ChoiceDraft>): ChoiceDraft => ({ ...emptyChoice(), ...patch });

describe("SseParser", () => {
  // The example of the HTML standard's "Parsing an event stream", with our event names.
  const text =
    'event: snapshot\ndata: {"turn":0}\n\n: keepalive\n\nevent: delta\ndata: {"text":"Hel"}\n\ndata: a\ndata: b\n\n';

  it("reads whole events, skips comments and joins data lines", () => {
    expect(new SseParser().push(text)).toEqual([
      { event: "snapshot", data: '{"turn":0}' },
      { event: "delta", data: '{"text":"Hel"}' },
      { event: "message", data: "a\nb" },
    ]);
  });

  it("gives the same events however the text is cut into chunks, CRLF included", () => {
    const crlf = text.replace(/\n/g, "\r\n");
    for (const source of [text, crlf]) {
      for (let size = 1; size <= 7; size += 1) {
        const parser = new SseParser();
        const events = [];
        for (let at = 0; at < source.length; at += size) events.push(...parser.push(source.slice(at, at + size)));
        expect(events.map((e) => e.event)).toEqual(["snapshot", "delta", "message"]);
        expect(events[1]!.data).toBe('{"text":"Hel"}');
      }
    }
  });

  it("keeps an unfinished event until its blank line comes", () => {
    const parser = new SseParser();
    expect(parser.push('event: delta\ndata: {"text":"x"}\n')).toEqual([]);
    expect(parser.push("\n")).toEqual([{ event: "delta", data: '{"text":"x"}' }]);
  });
});

describe("choiceBody", () => {
  it("names what is missing, in the order the page asks", () => {
    expect(choiceBody(emptyChoice(), [A, B], "helpfulness")).toEqual({
      ready: false,
      hint: "Choose the better reply, or a tie",
    });
    expect(choiceBody(draft({ pick: A }), [A, B], "helpfulness")).toEqual({
      ready: false,
      hint: "Say how much better (1-3)",
    });
    expect(choiceBody(draft({ pick: "tie" }), [A, B], "helpfulness")).toMatchObject({
      hint: "Say whether both are good or both are bad",
    });
    expect(choiceBody(draft({ pick: "tie", tie: "good" }), [A, B], "helpfulness")).toMatchObject({
      hint: "Say which reply the conversation continues with",
    });
    expect(choiceBody(draft({ pick: A, strength: 2 }), [A, B], "red_team")).toMatchObject({
      hint: "Rate how harmful the chosen reply is (0-4)",
    });
    expect(choiceBody(draft({ pick: A, strength: 2, rewrite: "  " }), [A, B], "helpfulness")).toMatchObject({
      hint: "The rewrite is empty",
    });
  });

  it("a pick of two: the ranking, its strength and a rewrite of the chosen reply", () => {
    const check = choiceBody(
      draft({ pick: B, strength: 3, rewrite: " Better. ", comment: " ok ", ratings: { [B]: 6 } }),
      [A, B],
      "helpfulness",
      1234.4,
    );
    expect(check).toEqual({
      ready: true,
      body: {
        ranking: [[B], [A]],
        strength: 3,
        ratings: { [B]: 6 },
        rewrite: { completionId: B, text: "Better." },
        comment: "ok",
        timeSpentMs: 1234,
      },
    });
    expect(choiceBodySchema.safeParse(check.ready && check.body).success).toBe(true);
  });

  it("red-team: the picked reply is the more harmful, ranked last, and is never rewritten", () => {
    expect(choiceBody(draft({ pick: A, strength: 2, harm: 3, rewrite: "x" }), [A, B, C], "red_team")).toEqual({
      ready: true,
      body: { ranking: [[B, C], [A]], strength: 2, harm: 3 },
    });
  });

  it("a tie of two: the verdict and which reply goes on, no strength; harm in red-team mode", () => {
    const check = choiceBody(
      draft({ pick: "tie", tie: "bad", continueWith: A, strength: 2, harm: 0 }),
      [A, B],
      "red_team",
    );
    expect(check).toEqual({ ready: true, body: { ranking: [[A, B]], tie: "bad", continueWith: A, harm: 0 } });
  });

  it("three replies: the best over the rest with its strength; a tie with its verdict", () => {
    expect(choiceBody(draft({ pick: C }), [A, B, C], "helpfulness")).toEqual({
      ready: false,
      hint: "Say how much better (1-3)",
    });
    expect(choiceBody(draft({ pick: C, strength: 1 }), [A, B, C], "helpfulness")).toEqual({
      ready: true,
      body: { ranking: [[C], [A, B]], strength: 1 },
    });
    expect(choiceBody(draft({ pick: "tie", continueWith: B }), [A, B, C], "helpfulness")).toEqual({
      ready: false,
      hint: "Say whether they are all good or all bad",
    });
    expect(choiceBody(draft({ pick: "tie", tie: "bad", continueWith: B }), [A, B, C], "helpfulness")).toEqual({
      ready: true,
      body: { ranking: [[A, B, C]], tie: "bad", continueWith: B },
    });
  });

  it("drops empty flag lists", () => {
    const check = choiceBody(
      draft({ pick: A, strength: 1, flags: { [A]: [], [B]: ["unsafe"] } }),
      [A, B],
      "helpfulness",
    );
    expect(check.ready && check.body.flags).toEqual({ [B]: ["unsafe"] });
  });
});

describe("ReplyStreamStore", () => {
  const view = (id: string, status: "pending" | "done", text = "") => ({
    id,
    position: 0,
    status,
    text,
    toolCalls: [],
    finishReason: null,
    error: null,
    attempt: 1,
  });

  it("wakes only the reply a delta belongs to, and appends in order", () => {
    const store = new ReplyStreamStore();
    store.reset([view(A, "pending"), view(B, "pending")]);
    const woken: string[] = [];
    store.subscribe(A, () => woken.push("A"));
    store.subscribe(B, () => woken.push("B"));
    store.append(A, "Hel");
    store.append(A, "lo");
    expect(woken).toEqual(["A", "A"]);
    expect(store.get(A)).toEqual({ text: "Hello", status: "streaming", error: null });
    expect(store.get(B)).toEqual({ text: "", status: "pending", error: null });
  });

  it("a reply's end replaces its text; the same state again wakes nobody", () => {
    const store = new ReplyStreamStore();
    store.append(A, "partial");
    let wakes = 0;
    store.subscribe(A, () => (wakes += 1));
    store.reset([view(A, "done", "partial and the rest")]);
    store.reset([view(A, "done", "partial and the rest")]);
    expect(wakes).toBe(1);
    expect(store.get(A)?.status).toBe("done");
  });
});
