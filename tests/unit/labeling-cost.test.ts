import { describe, expect, it } from "vitest";
import { costReport, pairsOfRanking } from "@/lib/domain/quality/cost";

describe("pairsOfRanking", () => {
  it("counts the pairs the preference export writes: K(K − 1)/2 strict, none within a tie", () => {
    expect(pairsOfRanking(null)).toBe(0);
    expect(pairsOfRanking([["a"], ["b"]])).toBe(1);
    expect(pairsOfRanking([["a", "b"]])).toBe(0);
    expect(pairsOfRanking([["a"], ["b"], ["c"], ["d"]])).toBe(6);
    expect(pairsOfRanking([["a", "b"], ["c"]])).toBe(2);
    expect(pairsOfRanking([["a"], ["b", "c", "d"]])).toBe(3);
  });
});

describe("costReport", () => {
  const work = [
    { labelerId: "x", email: "x@e", answers: 2, activeMs: 1_800_000, preferencePairs: 2, demonstrations: 0 },
    { labelerId: "y", email: "y@e", answers: 1, activeMs: 900_000, preferencePairs: 1, demonstrations: 0 },
  ];

  it("prices active time at the hourly rate and divides by pairs", () => {
    const r = costReport(work, 20);
    expect(r.total).toEqual({
      answers: 3,
      activeMs: 2_700_000,
      cost: 15,
      preferencePairs: 3,
      demonstrations: 0,
      costPerPair: 5,
      costPerDemonstration: null,
    });
    expect(r.labelers.map((l) => [l.email, l.cost, l.costPerPair])).toEqual([
      ["x@e", 10, 5],
      ["y@e", 5, 5],
    ]);
  });

  it("gives no cost without a rate, and no unit cost without units", () => {
    expect(costReport(work, null).total).toMatchObject({ cost: null, costPerPair: null, costPerDemonstration: null });
    expect(costReport([], 20).total).toMatchObject({ answers: 0, cost: 0, costPerPair: null });
  });
});
