import { describe, expect, it } from "vitest";
import {
  chosenPath,
  costMicros,
  inputProblem,
  nextInput,
  prefixFor,
  replyPlan,
  type ModelMessage,
  type TurnView,
} from "@/lib/domain/conversation/transcript";
import { asConversationOpening } from "@/lib/domain/import/formats";

const call = { id: "call_1", type: "function" as const, function: { name: "weather", arguments: '{"city":"Oslo"}' } };

// Turn 0: "Hi" -> A chosen; turn 1: "Weather?" -> B chosen and rewritten; turn 2: tool result -> not chosen yet.
const turns: TurnView[] = [
  {
    index: 0,
    input: [{ role: "user", content: "Hi" }],
    chosenReplyId: "a0",
    rewriteText: null,
    replies: [
      { id: "a0", position: 0, text: "Hello!", toolCalls: [] },
      { id: "b0", position: 1, text: "Hey.", toolCalls: [] },
    ],
  },
  {
    index: 1,
    input: [{ role: "user", content: "Weather in Oslo?" }],
    chosenReplyId: "b1",
    rewriteText: "Let me look that up.",
    replies: [
      { id: "a1", position: 0, text: "No idea.", toolCalls: [] },
      { id: "b1", position: 1, text: "Checking", toolCalls: [call] },
    ],
  },
  {
    index: 2,
    input: [{ role: "tool", tool_call_id: "call_1", content: "12 °C, rain" }],
    chosenReplyId: null,
    rewriteText: null,
    replies: [
      { id: "a2", position: 0, text: "12 °C and rain.", toolCalls: [] },
      { id: "b2", position: 1, text: "Rainy, 12 degrees.", toolCalls: [] },
    ],
  },
];
const opening: ModelMessage[] = [{ role: "system", content: "Be brief." }];

describe("a conversation's messages", () => {
  it("the prefix of a turn is the opening, the earlier chosen replies (rewrites included) and the turn's input", () => {
    expect(prefixFor(opening, turns, 0)).toEqual([opening[0], { role: "user", content: "Hi" }]);
    expect(prefixFor(opening, turns, 2)).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "Hi" },
      { role: "assistant", content: "Hello!" },
      { role: "user", content: "Weather in Oslo?" },
      { role: "assistant", content: "Let me look that up.", tool_calls: [call] },
      { role: "tool", tool_call_id: "call_1", content: "12 °C, rain" },
    ]);
  });

  it("the chosen path stops at the last chosen turn", () => {
    expect(chosenPath(opening, turns).map((m) => m.content)).toEqual([
      "Be brief.",
      "Hi",
      "Hello!",
      "Weather in Oslo?",
      "Let me look that up.",
    ]);
  });

  it("after a reply that called tools, the next input is their results", () => {
    expect(nextInput(opening, turns.slice(0, 2))).toEqual({ kind: "tool_results", calls: [call] });
    expect(nextInput(opening, turns.slice(0, 1))).toEqual({ kind: "message" });
    expect(nextInput([{ role: "user", content: "Opening question" }], [])).toEqual({ kind: "none" });
    expect(nextInput([], [])).toEqual({ kind: "message" });
  });

  it("an input that does not answer what is expected is refused with the reason", () => {
    const tools = { kind: "tool_results" as const, calls: [call] };
    expect(inputProblem(tools, [{ role: "user", content: "hm" }])).toBe("give one result for each tool call (weather)");
    expect(inputProblem(tools, [{ role: "tool", tool_call_id: "call_1", content: "x" }])).toBeNull();
    expect(inputProblem({ kind: "message" }, [])).toBe("write your message first");
    expect(inputProblem({ kind: "none" }, [])).toBeNull();
  });
});

describe("where replies come from", () => {
  it("sample: the first endpoint, one sample per reply", () => {
    expect(replyPlan("sample", 3, 2)).toEqual([
      { position: 0, endpoint: 0, sample: 0 },
      { position: 1, endpoint: 0, sample: 1 },
      { position: 2, endpoint: 0, sample: 2 },
    ]);
  });
  it("models: one per endpoint, round again with the next sample when there are fewer endpoints", () => {
    expect(replyPlan("models", 4, 3).map((p) => [p.endpoint, p.sample])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 1],
    ]);
    expect(replyPlan("models", 2, 0)).toEqual([]);
  });
});

describe("cost", () => {
  it("prices are dollars per million tokens; the cost is in millionths of a dollar", () => {
    // 1,000 prompt tokens at $2.50/M and 500 completion tokens at $10/M: $0.0025 + $0.005.
    expect(costMicros(1000, 500, { input: 2.5, output: 10 })).toBe(7500);
    expect(costMicros(1000, 500, { input: null, output: 10 })).toBeNull();
  });
});

describe("conversation openings on import", () => {
  const base = { metadata: {}, priority: 0 };
  it("keeps a trailing assistant message in the opening and refuses several completions", () => {
    const one = asConversationOpening({
      ...base,
      messages: [{ role: "user", content: "Q" }],
      completions: [{ text: "A" }],
    });
    expect(one).toEqual({
      ok: true,
      item: {
        ...base,
        messages: [
          { role: "user", content: "Q" },
          { role: "assistant", content: "A" },
        ],
        completions: [],
      },
    });
    const two = asConversationOpening({ ...base, messages: [], completions: [{ text: "A" }, { text: "B" }] });
    expect(two.ok).toBe(false);
  });
});
