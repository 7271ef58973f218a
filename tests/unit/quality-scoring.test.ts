// The quality program's scoring (docs/QUALITY.md), checked by hand on small cases.
import { describe, expect, it } from "vitest";
import {
  attentionVerdict,
  checkAgainstGold,
  expectedAnswerOf,
  goldUnusableReason,
  qualificationScore,
} from "@/lib/domain/quality/gold-check";
import { parseLetterFlags, parseLetterRanking } from "@/lib/domain/quality/gold-input";
import { qualityNotice, retryAfterOf } from "@/lib/domain/quality/standing";
import { qualitySettingsInputSchema } from "@/lib/validation/quality";

const ids = ["a", "b", "c"];

describe("checkAgainstGold", () => {
  it("best only: one comparison per other completion (a over b, a over c)", () => {
    expect(checkAgainstGold({ ranking: [["a"], ["b"], ["c"]], flags: null }, { best: "a" }, ids, [])).toEqual({
      comparisons: 2,
      agreeing: 2,
      correct: true,
    });
    // b > a > c: a over c agrees, a over b does not.
    expect(checkAgainstGold({ ranking: [["b"], ["a"], ["c"]], flags: null }, { best: "a" }, ids, [])).toEqual({
      comparisons: 2,
      agreeing: 1,
      correct: false,
    });
    // A tie at the top is not "a over b".
    expect(checkAgainstGold({ ranking: [["a", "b"], ["c"]], flags: null }, { best: "a" }, ids, []).agreeing).toBe(1);
  });

  it("a full ranking: every pair, ties included, as the agreement report compares two labelers", () => {
    const gold = { ranking: [["a"], ["b", "c"]] };
    // Pairs: a>b, a>c, b=c. The answer a > b > c agrees on 2 of 3.
    expect(checkAgainstGold({ ranking: [["a"], ["b"], ["c"]], flags: null }, gold, ids, [])).toEqual({
      comparisons: 3,
      agreeing: 2,
      correct: false,
    });
    expect(checkAgainstGold({ ranking: [["a"], ["c", "b"]], flags: null }, gold, ids, []).correct).toBe(true);
  });

  it("flags: one yes/no decision per completion and project flag", () => {
    const gold = { flags: { a: ["harmful"], b: [] } };
    // 2 completions x 2 flags = 4 decisions; the answer misses a's harmful flag: 3 of 4.
    expect(checkAgainstGold({ ranking: null, flags: { b: [] } }, gold, ["a", "b"], ["harmful", "untruthful"])).toEqual({
      comparisons: 4,
      agreeing: 3,
      correct: false,
    });
  });

  it("no answer agrees with nothing", () => {
    expect(checkAgainstGold({ ranking: null, flags: null }, { best: "a" }, ids, [])).toEqual({
      comparisons: 2,
      agreeing: 0,
      correct: false,
    });
  });
});

describe("qualificationScore", () => {
  it("pools the comparisons of every answer and passes at the threshold", () => {
    // 2 of 2 and 1 of 2: 3/4 = 0.75, passes at 0.75, fails at 0.8.
    const checks = [
      { comparisons: 2, agreeing: 2 },
      { comparisons: 2, agreeing: 1 },
    ];
    expect(qualificationScore(checks, 0.75)).toEqual({ score: 0.75, comparisons: 4, agreeing: 3, passed: true });
    expect(qualificationScore(checks, 0.8).passed).toBe(false);
    expect(qualificationScore([], 0.5)).toEqual({ score: null, comparisons: 0, agreeing: 0, passed: false });
  });
});

describe("attentionVerdict", () => {
  it("pauses only on a full window below the threshold", () => {
    expect(attentionVerdict([false], 2, 0.75)).toEqual({ accuracy: 0, checks: 1, pause: false });
    expect(attentionVerdict([false, true, true], 2, 0.75)).toEqual({ accuracy: 0.5, checks: 2, pause: true });
    expect(attentionVerdict([true, true, false], 2, 0.75).pause).toBe(false);
  });
});

describe("expected answers", () => {
  it("reads stored answers and says why a gold item cannot be a check", () => {
    expect(expectedAnswerOf({ best: "a" })).toEqual({ best: "a" });
    expect(expectedAnswerOf({})).toBeNull();
    expect(expectedAnswerOf(null)).toBeNull();
    expect(goldUnusableReason("comparison", "attention", null)).toMatch(/^No expected answer/);
    expect(goldUnusableReason("comparison", "attention", { best: "a" })).toBeNull();
    expect(goldUnusableReason("demonstration", "qualification", null)).toBeNull();
    expect(goldUnusableReason("demonstration", "attention", null)).toMatch(/cannot be an attention check/);
    expect(goldUnusableReason("comparison", null, null)).toBeNull();
  });

  it("parses rankings and flags written in letters", () => {
    expect(parseLetterRanking("A > b = C", ids)).toEqual([["a"], ["b", "c"]]);
    expect(parseLetterRanking("", ids)).toEqual([]);
    expect(parseLetterRanking("A > B", ids)).toBe("ranking: rank every completion (for example A > B = C)");
    expect(parseLetterRanking("A > A = B", ids)).toBe("ranking: A appears twice");
    expect(parseLetterRanking("A > D", ids)).toBe('ranking: "D" is not a completion of this item');
    expect(parseLetterFlags("A:harmful B:", ["a", "b"], ["harmful"])).toEqual({ a: ["harmful"], b: [] });
    expect(parseLetterFlags("A:rude", ["a"], ["harmful"])).toBe("flags: rude is not one of this project's flags");
  });
});

describe("standing notices", () => {
  it("tell the labeler why and until when", () => {
    const decided = new Date("2026-12-02T10:00:00Z");
    expect(retryAfterOf(decided, 24)).toEqual(new Date("2026-12-03T10:00:00Z"));
    expect(retryAfterOf(decided, null)).toBeNull();
    expect(qualityNotice("not_qualified", new Date("2026-12-03T10:00:00Z"))).toBe(
      "You did not pass this project's qualification. You may try again after 2026-12-03 10:00 UTC.",
    );
  });
});

describe("quality settings input", () => {
  it("takes numbers and the CLI's decimal strings", () => {
    expect(
      qualitySettingsInputSchema.parse({
        qualificationThreshold: "0.8",
        attentionWindow: 5,
        qualificationRetryHours: null,
      }),
    ).toEqual({ qualificationThreshold: 0.8, attentionWindow: 5, qualificationRetryHours: null });
  });

  it("refuses null, booleans, blanks and arrays instead of reading them as 0 or 1", () => {
    // null as the pass mark used to become 0: every labeler passed.
    for (const bad of [null, true, false, "", " ", [], "0x1"]) {
      expect(qualitySettingsInputSchema.safeParse({ qualificationThreshold: bad }).success, String(bad)).toBe(false);
    }
    expect(qualitySettingsInputSchema.safeParse({ attentionRate: true }).success).toBe(false);
    expect(qualitySettingsInputSchema.safeParse({ trainingItems: [] }).success).toBe(false);
    expect(qualitySettingsInputSchema.safeParse({ qualificationRetryHours: "" }).success).toBe(false);
  });
});
