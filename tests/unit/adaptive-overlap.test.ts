import { describe, expect, it } from "vitest";
import {
  accuracyFromAgreement,
  decideOverlap,
  forecastItem,
  forecastLabels,
  labelerAccuracy,
  leaderPosterior,
  overlapSavings,
  voteWeight,
  type OverlapAnswer,
  type OverlapPolicy,
} from "@/lib/domain/quality/adaptive-overlap";

const policy: OverlapPolicy = { overlapMin: 2, overlapMax: 5, winnerShareThreshold: 0.75, likertSpreadLimit: 1 };
const AB = ["a", "b"];
const A: OverlapAnswer = { ranking: [["a"], ["b"]] };
const B: OverlapAnswer = { ranking: [["b"], ["a"]] };
const TIE: OverlapAnswer = { ranking: [["a", "b"]] };

describe("decideOverlap: bounds", () => {
  it("asks for more below the minimum even when the answers agree", () => {
    expect(decideOverlap(AB, [A], policy)).toMatchObject({ verdict: "more", reason: "below-min", winnerShare: 1 });
    expect(decideOverlap(AB, [], policy)).toMatchObject({ verdict: "more", reason: "below-min", winnerShare: null });
  });

  it("stops at the maximum however split the answers are", () => {
    const five = [A, A, B, B, TIE];
    const decision = decideOverlap(AB, five, policy);
    expect(decision).toMatchObject({ verdict: "done", reason: "max-reached", answers: 5 });
    // Borda a = 2 + 0.5 = 2.5 = b: the consensus is a tie, matched fully by the one tie answer.
    expect(decision.winner).toEqual(["a", "b"]);
    expect(decision.winnerShare).toBeCloseTo((0.5 * 4 + 1) / 5, 10);
    expect(decideOverlap(AB, [...five, B], policy)).toMatchObject({ verdict: "done", reason: "max-reached" });
  });

  it("settles two agreeing answers at the minimum of 2", () => {
    expect(decideOverlap(AB, [A, A], policy)).toMatchObject({
      verdict: "done",
      reason: "settled",
      winner: ["a"],
      winnerShare: 1,
    });
  });

  it("walks a split comparison to 3-1 or to the maximum (threshold 0.75)", () => {
    expect(decideOverlap(AB, [A, B], policy)).toMatchObject({
      verdict: "more",
      reason: "winner-share",
      winnerShare: 0.5,
    });
    const twoOne = decideOverlap(AB, [A, B, A], policy);
    expect(twoOne).toMatchObject({ verdict: "more", reason: "winner-share", winner: ["a"] });
    expect(twoOne.winnerShare).toBeCloseTo(2 / 3, 10);
    expect(decideOverlap(AB, [A, B, A, A], policy)).toMatchObject({
      verdict: "done",
      reason: "settled",
      winnerShare: 0.75,
    });
    expect(decideOverlap(AB, [A, B, A, B], policy)).toMatchObject({ verdict: "more", reason: "winner-share" });
    expect(decideOverlap(AB, [A, B, A, B, B], policy)).toMatchObject({
      verdict: "done",
      reason: "max-reached",
      winner: ["b"],
    });
  });

  it("with a threshold of 2/3 settles 2-1", () => {
    expect(decideOverlap(AB, [A, B, A], { ...policy, winnerShareThreshold: 2 / 3 }).verdict).toBe("done");
  });

  it("rejects a policy outside its bounds", () => {
    expect(() => decideOverlap(AB, [], { ...policy, overlapMin: 0 })).toThrow(
      "overlapMin must be an integer of at least 1",
    );
    expect(() => decideOverlap(AB, [], { ...policy, overlapMax: 1 })).toThrow(
      "overlapMax must be an integer ≥ overlapMin",
    );
    expect(() => decideOverlap(AB, [], { ...policy, winnerShareThreshold: 0 })).toThrow(
      "winnerShareThreshold must be in (0, 1]",
    );
    expect(() => decideOverlap(AB, [], { ...policy, winnerShareThreshold: 1.2 })).toThrow(
      "winnerShareThreshold must be in (0, 1]",
    );
    expect(() => decideOverlap(AB, [], { ...policy, likertSpreadLimit: -1 })).toThrow("likertSpreadLimit must be ≥ 0");
  });
});

describe("decideOverlap: ties", () => {
  it("counts a tie at the top as half a vote for the winner", () => {
    // Borda a = 1 + 0.5, b = 0 + 0.5: winner a; share (1 + 1/2) / 2 = 0.75.
    expect(decideOverlap(AB, [A, TIE], policy)).toMatchObject({ verdict: "done", winner: ["a"], winnerShare: 0.75 });
    expect(decideOverlap(AB, [A, TIE], { ...policy, winnerShareThreshold: 0.8 })).toMatchObject({
      verdict: "more",
      reason: "winner-share",
    });
  });

  it("settles a unanimous tie, but not an even split", () => {
    expect(decideOverlap(AB, [TIE, TIE], policy)).toMatchObject({
      verdict: "done",
      winner: ["a", "b"],
      winnerShare: 1,
    });
    // a vs b: consensus a = b, each strict answer matches half of it.
    expect(decideOverlap(AB, [A, B, TIE], policy)).toMatchObject({ verdict: "more", winner: ["a", "b"] });
    expect(decideOverlap(AB, [A, B, TIE], policy).winnerShare).toBeCloseTo(2 / 3, 10);
  });
});

describe("decideOverlap: a ranking of 3 completions", () => {
  const ABC = ["a", "b", "c"];
  it("takes the Borda winner and the share of answers that put it alone on top", () => {
    // a>b>c, a>c>b, b>a>c: Borda a = 2+2+1 = 5, b = 1+0+2 = 3, c = 0+1+0 = 1.
    const answers: OverlapAnswer[] = [
      { ranking: [["a"], ["b"], ["c"]] },
      { ranking: [["a"], ["c"], ["b"]] },
      { ranking: [["b"], ["a"], ["c"]] },
    ];
    const three = decideOverlap(ABC, answers, policy);
    expect(three).toMatchObject({ verdict: "more", winner: ["a"] });
    expect(three.winnerShare).toBeCloseTo(2 / 3, 10);
    // a = c > b: a and c get 1.5 each (a 6.5, c 2.5); top {a, c} against {a} counts 1/2: (1 + 1 + 0 + 0.5) / 4.
    const four = decideOverlap(ABC, [...answers, { ranking: [["a", "c"], ["b"]] }], policy);
    expect(four.winnerShare).toBeCloseTo(0.625, 10);
    expect(four.verdict).toBe("more");
    const settled = decideOverlap(ABC, [...answers, { ranking: [["a"], ["b", "c"]] }], policy);
    expect(settled).toMatchObject({ verdict: "done", reason: "settled", winnerShare: 0.75 });
  });

  it("judges the Borda winner, not the most frequent top choice", () => {
    // b>a>c twice, a>c>b, c>a>b: b is on top most often (2 of 4) but Borda a = 1+1+2+1 = 5, b = 4, c = 3.
    const answers: OverlapAnswer[] = [
      { ranking: [["b"], ["a"], ["c"]] },
      { ranking: [["b"], ["a"], ["c"]] },
      { ranking: [["a"], ["c"], ["b"]] },
      { ranking: [["c"], ["a"], ["b"]] },
    ];
    expect(decideOverlap(ABC, answers, policy)).toMatchObject({ verdict: "more", winner: ["a"], winnerShare: 0.25 });
  });
});

describe("decideOverlap: Likert spread", () => {
  const rated = (answer: OverlapAnswer, a: number, b: number): OverlapAnswer => ({ ...answer, ratings: { a, b } });

  it("holds a settled preference while the winner's scores spread by more than 1 (sample sd)", () => {
    // 3 and 5: sample sd √2 ≈ 1.41 > 1.
    const spread = decideOverlap(AB, [rated(A, 3, 1), rated(A, 5, 1)], policy);
    expect(spread).toMatchObject({ verdict: "more", reason: "likert-spread" });
    expect(spread.likertSpread).toBeCloseTo(Math.SQRT2, 10);
    // 3, 5, 4: sd 1: settled (the limit is inclusive).
    expect(decideOverlap(AB, [rated(A, 3, 1), rated(A, 5, 1), rated(A, 4, 2)], policy)).toMatchObject({
      verdict: "done",
      reason: "settled",
      likertSpread: 1,
    });
  });

  it("ignores the loser's scores and single scores", () => {
    expect(decideOverlap(AB, [rated(A, 6, 1), rated(A, 6, 7)], policy)).toMatchObject({
      verdict: "done",
      likertSpread: 0,
    });
    expect(decideOverlap(AB, [rated(A, 6, 1), A], policy)).toMatchObject({ verdict: "done", likertSpread: null });
  });

  it("judges every rated completion when no answer ranks", () => {
    const ratingsOnly = (a: number, b: number): OverlapAnswer => ({ ranking: null, ratings: { a, b } });
    // b: 2 and 5, sd 3/√2 ≈ 2.12.
    const decision = decideOverlap(AB, [ratingsOnly(4, 2), ratingsOnly(4, 5)], policy);
    expect(decision).toMatchObject({ verdict: "more", reason: "likert-spread", winnerShare: null });
    expect(decision.likertSpread).toBeCloseTo(3 / Math.SQRT2, 10);
    expect(decideOverlap(AB, [ratingsOnly(4, 5), ratingsOnly(4, 5)], policy).verdict).toBe("done");
  });

  it("still stops at the maximum", () => {
    const five = [rated(A, 1, 1), rated(A, 7, 1), rated(A, 1, 1), rated(A, 7, 1), rated(A, 4, 1)];
    expect(decideOverlap(AB, five, policy)).toMatchObject({ verdict: "done", reason: "max-reached" });
  });
});

describe("forecastItem", () => {
  it("forecasts nothing for a done item", () => {
    expect(forecastItem(AB, [A, A], policy, 0.8)).toEqual({ expectedAdditional: 0, doneAfterNext: 0 });
  });

  it("a fresh item with overlap 2–3 needs 2 + P(split) = 2 + 2p(1 − p)", () => {
    const p = 0.8;
    const f = forecastItem(AB, [], { ...policy, overlapMax: 3 }, p);
    expect(f.expectedAdditional).toBeCloseTo(2 + 2 * p * (1 - p), 10); // 2.32
    expect(f.doneAfterNext).toBe(0);
  });

  it("weighs both truths by the posterior after one answer (hand-checked, p = 0.8, overlap 2–5)", () => {
    // q = chance a future answer favours a. From 1-1: 2 + 2q(1 − q); from one answer for a:
    // 1 + (1 − q)(2 + 2q(1 − q)). Truth a (posterior 0.8): q = 0.8 → 1.464; truth b: q = 0.2 → 2.856.
    const f = forecastItem(AB, [A], policy, 0.8);
    expect(f.expectedAdditional).toBeCloseTo(0.8 * 1.464 + 0.2 * 2.856, 10);
    expect(f.doneAfterNext).toBeCloseTo(0.8 * 0.8 + 0.2 * 0.2, 10);
  });

  it("forecasts an item held by its Likert spread to run to the maximum", () => {
    const held: OverlapAnswer[] = [
      { ...A, ratings: { a: 2 } },
      { ...A, ratings: { a: 6 } },
    ];
    expect(forecastItem(AB, held, policy, 0.9).expectedAdditional).toBeCloseTo(3, 10);
  });

  it("sums a project's open items", () => {
    const result = forecastLabels(
      [
        { completionIds: AB, answers: [A, A] },
        { completionIds: AB, answers: [] },
        { completionIds: AB, answers: [A, B, A, B] },
      ],
      { ...policy, overlapMax: 3 },
      0.8,
    );
    expect(result).toMatchObject({ items: 3, openItems: 1 });
    expect(result.expectedAdditional).toBeCloseTo(2.32, 10);
  });
});

describe("accuracyFromAgreement and overlapSavings", () => {
  it("inverts a = p² + (1 − p)²", () => {
    expect(accuracyFromAgreement(0.68)).toBeCloseTo(0.8, 10);
    expect(accuracyFromAgreement(1)).toBe(1);
    expect(accuracyFromAgreement(0.5)).toBe(0.5);
    expect(accuracyFromAgreement(0.3)).toBe(0.5);
  });

  it("compares labels spent (plus the forecast) with a fixed overlap", () => {
    expect(overlapSavings({ items: 100, labelsSpent: 300, fixedOverlap: 5 })).toEqual({
      labelsSpent: 300,
      fixedLabels: 500,
      projectedLabels: 300,
      ratio: 0.6,
      saving: 0.4,
    });
    const projected = overlapSavings({ items: 100, labelsSpent: 300, fixedOverlap: 5, expectedAdditional: 20 });
    expect(projected.ratio).toBeCloseTo(0.64, 10);
    expect(overlapSavings({ items: 0, labelsSpent: 0, fixedOverlap: 5 }).ratio).toBeNull();
  });
});

describe("the weighted rule", () => {
  const weighted = (confidence: number): OverlapPolicy => ({
    overlapMin: 2,
    overlapMax: 5,
    winnerShareThreshold: 0.75,
    likertSpreadLimit: 1,
    confidence,
  });
  const forA = (accuracy?: number): OverlapAnswer => ({ ranking: [["a"], ["b"]], accuracy });
  const forB = (accuracy?: number): OverlapAnswer => ({ ranking: [["b"], ["a"]], accuracy });

  it("estimates accuracy with a Beta prior of 0.7 weighing four answers", () => {
    expect(labelerAccuracy(0, 0)).toBeCloseTo(0.7, 12);
    // (3 + 2.8) / 7 and (0 + 2.8) / 7
    expect(labelerAccuracy(3, 3)).toBeCloseTo(5.8 / 7, 12);
    expect(labelerAccuracy(0, 3)).toBeCloseTo(0.4, 12);
    expect(() => labelerAccuracy(4, 3)).toThrow();
  });

  it("weighs a vote by its log-odds, nothing at chance or worse, capped at 0.99", () => {
    expect(voteWeight(0.7)).toBeCloseTo(Math.log(7 / 3), 12);
    expect(voteWeight(undefined)).toBeCloseTo(Math.log(7 / 3), 12);
    expect(voteWeight(0.5)).toBe(0);
    expect(voteWeight(0.3)).toBe(0);
    expect(voteWeight(1)).toBeCloseTo(Math.log(99), 12);
  });

  it("computes the leader's posterior: σ of the signed weights", () => {
    // Two unknown labelers agree: σ(2 ln(7/3)) = 49/58 = 0.8448.
    expect(leaderPosterior(["a", "b"], [forA(), forA()]).posterior).toBeCloseTo(49 / 58, 12);
    // 0.9 against 0.6 disagreeing: σ(ln 9 − ln 1.5) = σ(ln 6) = 6/7, the 0.9 labeler leads.
    const split = leaderPosterior(["a", "b"], [forA(0.6), forB(0.9)]);
    expect(split.leader).toEqual(["b"]);
    expect(split.posterior).toBeCloseTo(6 / 7, 12);
    // Equal weights split: no leader, posterior 1/2.
    expect(leaderPosterior(["a", "b"], [forA(0.8), forB(0.8)])).toMatchObject({ leader: ["a", "b"], posterior: 0.5 });
    // A tie between the two carries no evidence.
    expect(leaderPosterior(["a", "b"], [forA(), { ranking: [["a", "b"]] }]).posterior).toBeCloseTo(0.7, 12);
  });

  it("uses the weighted leader among three completions and ignores answers that do not order the two", () => {
    const view = leaderPosterior(
      ["a", "b", "c"],
      [
        { ranking: [["c"], ["a"], ["b"]], accuracy: 0.9 },
        { ranking: [["a"], ["c"], ["b"]], accuracy: 0.6 },
        { ranking: [["c", "a"], ["b"]], accuracy: 0.7 },
      ],
    );
    expect(view.leader).toEqual(["c"]);
    expect(view.runnerUp).toBe("a");
    // c over a: +ln 9, a over c: −ln 1.5, tie: 0 → σ(ln 6) = 6/7.
    expect(view.posterior).toBeCloseTo(6 / 7, 12);
  });

  it("settles once the posterior reaches the confidence, within the bounds", () => {
    const ids = ["a", "b"];
    expect(decideOverlap(ids, [forA()], weighted(0.9))).toMatchObject({ verdict: "more", reason: "below-min" });
    expect(decideOverlap(ids, [forA(), forA()], weighted(0.9))).toMatchObject({
      verdict: "more",
      reason: "confidence",
    });
    expect(decideOverlap(ids, [forA(), forA(), forA()], weighted(0.9))).toMatchObject({
      verdict: "done",
      reason: "settled",
      winner: ["a"],
    });
    // Two proven labelers: σ(2 ln(0.95 / 0.05)) = 0.997.
    expect(decideOverlap(ids, [forA(0.95), forA(0.95)], weighted(0.99)).verdict).toBe("done");
    // Spammers never settle an item; the maximum does.
    const spam = [forA(0.5), forA(0.5), forA(0.5), forA(0.5)];
    expect(decideOverlap(ids, spam, weighted(0.9)).verdict).toBe("more");
    expect(decideOverlap(ids, [...spam, forA(0.5)], weighted(0.9))).toMatchObject({ reason: "max-reached" });
    // The winner share alone would have settled a, a (share 1).
    expect(decideOverlap(ids, [forA(), forA()], { ...weighted(0.9), confidence: null }).verdict).toBe("done");
  });

  it("refuses a confidence outside (1/2, 1)", () => {
    for (const c of [0.5, 1, 0, 1.2]) expect(() => decideOverlap(["a", "b"], [], weighted(c))).toThrow(/confidence/);
  });
});
