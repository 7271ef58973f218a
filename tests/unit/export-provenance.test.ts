import { describe, expect, it } from "vitest";
import { exportRequest } from "@/components/admin/export-request";
import { feedbackRows, ratingLabel, type ExportFeedbackEvent } from "@/lib/domain/export/feedback-rows";
import { exportFormatsFor } from "@/lib/domain/export/formats";
import { judgeAnswer, rankingsAgree, usableVerdict, verdictSource } from "@/lib/domain/export/judge-rows";
import { ktoClassWeights } from "@/lib/domain/export/kto-weights";
import { exportRows, type ExportAnnotation, type ExportItem } from "@/lib/domain/export/rows";
import { parseSources } from "@/lib/domain/export/sources";
import { exportOptionsSchema } from "@/lib/validation/exports";

const user = (content: string) => ({ role: "user" as const, content });
const assistant = (content: string) => [{ role: "assistant", content }];
const parse = (rows: { line: string }[]) => rows.map((r) => JSON.parse(r.line) as Record<string, unknown>);

describe("sources filter", () => {
  it("parses a list in the one recorded order and refuses unknown or repeated names", () => {
    expect(parseSources("production, human")).toEqual(["human", "production"]);
    expect(parseSources("judge+audited")).toEqual(["judge+audited"]);
    expect(() => parseSources("human,robot")).toThrow('unknown source "robot"');
    expect(() => parseSources("human,human")).toThrow("sources must not repeat");
    expect(() => parseSources(" , ")).toThrow("sources must name at least one");
    const checked = exportOptionsSchema.safeParse({ format: "kto", sources: "judge,bogus" });
    expect(checked.success).toBe(false);
    expect(checked.error?.issues[0]?.path).toEqual(["sources"]);
    expect(exportOptionsSchema.parse({ format: "kto", sources: "judge" }).sources).toEqual(["judge"]);
  });

  it("the export form sends only the sources left checked, and refuses none", () => {
    const all = ["human", "judge", "judge+audited", "production"].map((s): [string, string] => [`source-${s}`, "true"]);
    const form = (checked: [string, string][]) => exportRequest([["sourceChoice", "1"], ...checked], "kto", false);
    const every = form(all);
    expect(every.ok && every.query.get("sources")).toBeNull();
    const some = form([all[0]!, all[3]!]);
    expect(some.ok && some.query.get("sources")).toBe("human,production");
    expect(some.ok && some.remembered["source-judge"]).toBe("false");
    expect(form([])).toEqual({ ok: false, message: "Choose at least one source." });
  });
});

describe("KTO class weights (TRL: weighted desirable : undesirable in 1:1 to 4:3)", () => {
  it("upweights the rarer class so that the ratio lands in [1, 4/3]", () => {
    expect(ktoClassWeights(10, 100)).toEqual({
      desirable: 10,
      undesirable: 100,
      desirableWeight: 10,
      undesirableWeight: 1,
      ratio: 1,
    });
    // 100 : 80 is 1.25, already in range: the defaults.
    expect(ktoClassWeights(100, 80)).toMatchObject({ desirableWeight: 1, undesirableWeight: 1, ratio: 1.25 });
    expect(ktoClassWeights(3, 7)).toMatchObject({ desirableWeight: 2.34, undesirableWeight: 1, ratio: 1.0029 });
    expect(ktoClassWeights(500, 3)).toMatchObject({ desirableWeight: 1, undesirableWeight: 166.66 });
    expect(ktoClassWeights(0, 5)).toMatchObject({ desirableWeight: null, undesirableWeight: null, ratio: null });
    for (const [d, u] of [
      [1, 1],
      [1, 999],
      [999, 1],
      [7, 5],
      [4, 3],
      [41, 30],
      [123, 7],
    ] as const) {
      const w = ktoClassWeights(d, u);
      const ratio = (w.desirableWeight! * d) / (w.undesirableWeight! * u);
      expect(ratio).toBeGreaterThanOrEqual(1);
      expect(ratio).toBeLessThanOrEqual(4 / 3);
    }
  });
});

describe("rows from judges", () => {
  const verdict = {
    id: "j1",
    provenance: "judge:gpt-judge",
    ranking: [["c1"], ["c2"]],
    consistent: true,
    unsure: false,
    promptVersion: 2,
    createdAt: new Date("2026-12-01T00:00:00Z"),
  };

  it("compares rankings pair by pair: a reversed pair or a tie against a preference disagrees", () => {
    expect(rankingsAgree([["a"], ["b"], ["c"]], [["a"], ["b"], ["c"]])).toBe(true);
    expect(rankingsAgree([["a"], ["b", "c"]], [["a"], ["c", "b"]])).toBe(true);
    expect(rankingsAgree([["a"], ["b"]], [["b"], ["a"]])).toBe(false);
    expect(rankingsAgree([["a"], ["b"]], [["a", "b"]])).toBe(false);
  });

  it("labels with a verdict alone `judge`, confirmed by every labeler `judge+audited`, contradicted nothing", () => {
    expect(verdictSource(verdict.ranking, [])).toBe("judge");
    expect(verdictSource(verdict.ranking, [[["c1"], ["c2"]]])).toBe("judge+audited");
    expect(
      verdictSource(verdict.ranking, [
        [["c1"], ["c2"]],
        [["c2"], ["c1"]],
      ]),
    ).toBeNull();
    expect(usableVerdict(verdict)).toBe(true);
    expect(usableVerdict({ ...verdict, consistent: false })).toBe(false);
    expect(usableVerdict({ ...verdict, unsure: true })).toBe(false);
    expect(usableVerdict({ ...verdict, ranking: null })).toBe(false);
  });

  it("writes the verdict's pairs with its source; a judge flags nothing and writes no demonstration", () => {
    const item: ExportItem = {
      externalId: "q1",
      agreement: null,
      messages: [user("Hi")],
      completions: new Map([
        ["c1", { text: "Hello!", model: null }],
        ["c2", { text: "Go away.", model: null }],
      ]),
      annotations: [judgeAnswer(verdict, "judge")],
    };
    expect(parse(exportRows("preference", item))).toEqual([
      {
        prompt: [user("Hi")],
        chosen: assistant("Hello!"),
        rejected: assistant("Go away."),
        margin: 1,
        item_id: "q1",
        source: "judge",
      },
    ]);
    expect(exportRows("kto", item).map((r) => [r.source, r.label])).toEqual([
      ["judge", true],
      ["judge", false],
    ]);
    expect(exportRows("safety", item)).toEqual([]);
    expect(exportRows("sft", item)).toEqual([]);
    expect(parse(exportRows("raw", item))[0]).toMatchObject({ labeler: "judge:gpt-judge", source: "judge" });
    // openai-dpo keeps OpenAI's keys only: the source is counted, not written.
    const [dpo] = exportRows("openai-dpo", item);
    expect(dpo!.source).toBe("judge");
    expect(Object.keys(JSON.parse(dpo!.line) as object)).toEqual(["input", "preferred_output", "non_preferred_output"]);
  });
});

const event = (fields: Partial<ExportFeedbackEvent>): ExportFeedbackEvent => ({
  eventId: "e1",
  conversation: [user("Capital of France?")],
  response: "Lyon.",
  thumb: null,
  score: null,
  edit: null,
  alternatives: null,
  model: "m1",
  occurredAt: new Date("2026-12-01T10:00:00Z"),
  review: null,
  ...fields,
});

const reviewAnswer = (fields: Partial<ExportAnnotation>): ExportAnnotation => ({
  id: "a1",
  labeler: "l_1",
  createdAt: new Date("2026-12-02T00:00:00Z"),
  text: null,
  ranking: null,
  strength: null,
  tie: null,
  ratings: null,
  flags: null,
  comment: null,
  timeSpentMs: 1000,
  displayOrder: [],
  guidelineVersion: 1,
  rewrite: null,
  ...fields,
});

describe("rows from feedback", () => {
  it("labels thumbs and scores: up and 4-5 desirable, down and 1-2 undesirable, 3 nothing", () => {
    expect([true, false].map((t) => ratingLabel(t, null))).toEqual([true, false]);
    expect([1, 2, 3, 4, 5].map((s) => ratingLabel(null, s))).toEqual([false, false, null, true, true]);
    expect(parse(feedbackRows("kto", event({ thumb: false })))).toEqual([
      {
        prompt: [user("Capital of France?")],
        completion: assistant("Lyon."),
        label: false,
        item_id: "feedback:e1",
        source: "production",
      },
    ]);
    expect(feedbackRows("kto", event({ score: 3 }))).toEqual([]);
  });

  it("an edit is an SFT row and a pair edit over response; a regenerate choice pairs chosen over each other text", () => {
    const edited = event({ thumb: false, edit: "Paris." });
    expect(parse(feedbackRows("sft", edited))).toEqual([
      { messages: [user("Capital of France?"), ...assistant("Paris.")], source: "production" },
    ]);
    expect(parse(feedbackRows("preference", edited))).toEqual([
      {
        prompt: [user("Capital of France?")],
        chosen: assistant("Paris."),
        rejected: assistant("Lyon."),
        margin: 1,
        item_id: "feedback:e1",
        source: "production",
      },
    ]);
    const regenerated = event({
      alternatives: [
        { text: "Lyon.", chosen: false },
        { text: "Paris.", chosen: true },
        { text: "Marseille.", chosen: false },
      ],
    });
    expect(parse(feedbackRows("preference", regenerated)).map((r) => [r.chosen, r.rejected])).toEqual([
      [assistant("Paris."), assistant("Lyon.")],
      [assistant("Paris."), assistant("Marseille.")],
    ]);
    // KTO labels come from ratings alone; HH transcripts from the same pairs.
    expect(feedbackRows("kto", regenerated)).toEqual([]);
    expect(feedbackRows("preference-hh", regenerated).map((r) => r.line)[0]).toBe(
      '{"chosen": "\\n\\nHuman: Capital of France?\\n\\nAssistant: Paris.", "rejected": "\\n\\nHuman: Capital of France?\\n\\nAssistant: Lyon."}',
    );
    // No single choice, no pair.
    expect(feedbackRows("preference", event({ alternatives: [{ text: "Paris.", chosen: false }] }))).toEqual([]);
  });

  it("a demonstration review overrides the user: confirmed is desirable, corrected a correction over the response", () => {
    const review = (text: string) => ({
      kind: "demonstration" as const,
      completions: new Map(),
      answers: [reviewAnswer({ text })],
    });
    // The user said thumbs down and edited; the labeler confirmed the response (whitespace aside).
    const confirmed = event({ thumb: false, edit: "Paris.", review: review("  Lyon.\n") });
    expect(feedbackRows("kto", confirmed).map((r) => [r.source, r.label])).toEqual([["human", true]]);
    expect(feedbackRows("preference", confirmed)).toEqual([]);
    expect(feedbackRows("sft", confirmed)).toEqual([]);
    const corrected = event({ thumb: true, review: review("Paris.") });
    expect(parse(feedbackRows("sft", corrected))).toEqual([
      { messages: [user("Capital of France?"), ...assistant("Paris.")], source: "human" },
    ]);
    expect(parse(feedbackRows("preference", corrected)).map((r) => [r.chosen, r.rejected, r.source])).toEqual([
      [assistant("Paris."), assistant("Lyon."), "human"],
    ]);
    expect(feedbackRows("kto", corrected).map((r) => [r.source, r.label])).toEqual([["human", false]]);
    // Routed but not answered yet: the user's own signal.
    expect(feedbackRows("kto", event({ thumb: true, review: { ...review("x"), answers: [] } }))[0]!.source).toBe(
      "production",
    );
  });

  it("a comparison review gives the labelers' ranking of the review item's completions", () => {
    const reviewed = event({
      thumb: true,
      review: {
        kind: "comparison",
        completions: new Map([
          ["r1", { text: "Lyon.", model: null }],
          ["r2", { text: "Paris.", model: null }],
        ]),
        answers: [reviewAnswer({ ranking: [["r2"], ["r1"]], strength: 3 })],
      },
    });
    expect(parse(feedbackRows("preference", reviewed))).toEqual([
      {
        prompt: [user("Capital of France?")],
        chosen: assistant("Paris."),
        rejected: assistant("Lyon."),
        margin: 3,
        item_id: "feedback:e1",
        source: "human",
      },
    ]);
    expect(feedbackRows("kto", reviewed).map((r) => [JSON.parse(r.line).completion, r.label])).toEqual([
      [assistant("Paris."), true],
      [assistant("Lyon."), false],
    ]);
    expect(parse(feedbackRows("raw", reviewed))[0]).toMatchObject({ feedback_event: "e1", source: "human" });
  });

  it("a demonstration project with feedback exports ratings and pairs too; without, its own formats", () => {
    expect(exportFormatsFor("demonstration")).toEqual(["sft", "sft-prompt-completion", "raw"]);
    expect(exportFormatsFor("demonstration", { feedback: true })).toEqual([
      "sft",
      "sft-prompt-completion",
      "raw",
      "kto",
      "preference",
      "preference-hh",
      "openai-dpo",
    ]);
    expect(exportFormatsFor("comparison", { feedback: true })).toEqual(exportFormatsFor("comparison"));
  });
});
