import { describe, expect, it } from "vitest";
import { checkAnswer, countWords, type TaskContext } from "@/lib/domain/answers";

const A = "00000000-0000-4000-8000-00000000000a";
const B = "00000000-0000-4000-8000-00000000000b";
const C = "00000000-0000-4000-8000-00000000000c";
const base = { likertEnabled: true, allowedFlags: ["harmful", "hallucination"], minDemoLength: 0 };
const comparison: TaskContext = { ...base, kind: "comparison", completionIds: [A, B] };
const ranking: TaskContext = { ...base, kind: "ranking", completionIds: [A, B, C] };
const demo: TaskContext = { ...base, kind: "demonstration", completionIds: [], minDemoLength: 10 };

const problems = (context: TaskContext, body: Parameters<typeof checkAnswer>[1]) => {
  const result = checkAnswer(context, body);
  return result.ok ? [] : result.problems;
};

describe("checkAnswer: comparison", () => {
  it("accepts A over B with a strength", () => {
    const result = checkAnswer(comparison, { ranking: [[B], [A]], strength: 3 });
    expect(result).toMatchObject({ ok: true, answer: { ranking: [[B], [A]], strength: 3, tie: null } });
  });

  it("accepts a tie with a verdict and no strength", () => {
    expect(checkAnswer(comparison, { ranking: [[A, B]], tie: "bad" })).toMatchObject({
      ok: true,
      answer: { tie: "bad", strength: null },
    });
    expect(problems(comparison, { ranking: [[A, B]] })).toEqual(["tie: say whether both are good or both are bad"]);
    expect(problems(comparison, { ranking: [[A, B]], tie: "good", strength: 1 })).toEqual([
      "strength: a tie has no strength",
    ]);
    expect(problems(comparison, { ranking: [[A], [B]], tie: "good" })).toEqual(["tie: only for a tie"]);
  });

  it("needs every completion placed once", () => {
    expect(problems(comparison, { ranking: [[A]] })).toEqual([
      `ranking: every completion must be placed (missing ${B})`,
    ]);
    expect(problems(comparison, { ranking: [[A], [A, B]] })).toEqual([`ranking: ${A} appears twice`]);
    expect(problems(comparison, { ranking: [[A], [C]] })).toEqual([
      `ranking: ${C} is not one of this task's completions`,
      `ranking: every completion must be placed (missing ${B})`,
    ]);
    expect(problems(comparison, {})).toEqual(["ranking: required"]);
  });

  it("allows a rewrite of any completion of the task (a labeler may keep a rewrite of the reply they ranked lower)", () => {
    expect(
      checkAnswer(comparison, { ranking: [[A], [B]], rewrite: { completionId: A, text: "better" } }),
    ).toMatchObject({ ok: true, answer: { rewrite: { completionId: A, text: "better" } } });
    expect(checkAnswer(comparison, { ranking: [[A], [B]], rewrite: { completionId: B, text: "x" } })).toMatchObject({
      ok: true,
      answer: { rewrite: { completionId: B, text: "x" } },
    });
  });

  it("refuses a rewrite of a completion that is not one of the task's", () => {
    expect(problems(comparison, { ranking: [[A], [B]], rewrite: { completionId: C, text: "x" } })).toEqual([
      `rewrite: ${C} is not one of this task's completions`,
    ]);
  });
});

describe("checkAnswer: ranking", () => {
  it("accepts tie groups, ratings and known flags (deduplicated, sorted)", () => {
    const result = checkAnswer(ranking, {
      ranking: [[C], [A, B]],
      ratings: { [A]: 2, [C]: 6 },
      flags: { [B]: ["harmful", "hallucination", "harmful"], [A]: [] },
    });
    expect(result).toMatchObject({
      ok: true,
      answer: { flags: { [B]: ["hallucination", "harmful"] }, ratings: { [A]: 2, [C]: 6 } },
    });
  });

  it("refuses unknown flags, ratings when Likert is off, and comparison-only fields", () => {
    expect(problems(ranking, { ranking: [[A], [B], [C]], flags: { [A]: ["spicy"] } })).toEqual([
      "flags: unknown flag spicy",
    ]);
    expect(problems({ ...ranking, likertEnabled: false }, { ranking: [[A], [B], [C]], ratings: { [A]: 4 } })).toEqual([
      "ratings: Likert ratings are off for this project",
    ]);
    expect(problems(ranking, { ranking: [[A], [B], [C]], strength: 2 })).toEqual([
      "strength: only comparisons take a strength",
    ]);
    expect(problems(ranking, { ranking: [[A], [B], [C]], ratings: { nope: 3 } })).toEqual([
      "ratings: nope is not one of this task's completions",
    ]);
  });
});

describe("checkAnswer: demonstration", () => {
  it("trims the text and enforces the project's minimum length", () => {
    expect(checkAnswer(demo, { text: "  A full reply here.  " })).toMatchObject({
      ok: true,
      answer: { text: "A full reply here." },
    });
    expect(problems(demo, { text: "   " })).toEqual(["text: write the reply before submitting"]);
    expect(problems(demo, { text: "too short" })).toEqual(["text: at least 10 characters (now 9)"]);
    expect(problems(demo, { text: "A full reply here.", ranking: [[A]] })).toEqual([
      "ranking: not part of a demonstration task",
    ]);
  });
});

describe("countWords", () => {
  it.each([
    ["", 0],
    ["   ", 0],
    ["one", 1],
    ["two  words\n", 2],
    ["héllo wörld, ça va?", 4],
  ])("%j has %i words", (text, words) => {
    expect(countWords(text)).toBe(words);
  });
});
