import { describe, expect, it } from "vitest";
import { itemConsensus } from "@/lib/domain/agreement/consensus";

describe("itemConsensus", () => {
  it("takes the majority for a comparison and says how many agreed", () => {
    const result = itemConsensus(
      ["a", "b"],
      [{ ranking: [["a"], ["b"]] }, { ranking: [["a"], ["b"]] }, { ranking: [["b"], ["a"]] }],
    );
    expect(result.ranking).toEqual([["a"], ["b"]]);
    expect(result.borda).toEqual({ a: 2, b: 1 });
    expect(result.winnerShare).toBeCloseTo(2 / 3, 10);
    expect(result.pairVotes).toEqual({ "a|b": { first: 2, second: 1, tie: 0 } });
  });

  it("counts ties as half a point each way (hand-checked Borda)", () => {
    // a > b = c, b > a > c, c > a > b. Borda: a = 2 + 1 + 1 = 4, b = 0.5 + 2 + 0 = 2.5, c = 0.5 + 0 + 2 = 2.5.
    const result = itemConsensus(
      ["a", "b", "c"],
      [{ ranking: [["a"], ["b", "c"]] }, { ranking: [["b"], ["a"], ["c"]] }, { ranking: [["c"], ["a"], ["b"]] }],
    );
    expect(result.borda).toEqual({ a: 4, b: 2.5, c: 2.5 });
    expect(result.ranking).toEqual([["a"], ["b", "c"]]);
    expect(result.pairVotes["b|c"]).toEqual({ first: 1, second: 1, tie: 1 });
    expect(result.winnerShare).toBeCloseTo(1 / 3, 10);
  });

  it("reports no single winner on an even split, and nothing without rankings", () => {
    const split = itemConsensus(["a", "b"], [{ ranking: [["a"], ["b"]] }, { ranking: [["b"], ["a"]] }]);
    expect(split.ranking).toEqual([["a", "b"]]);
    expect(split.winnerShare).toBeNull();
    expect(itemConsensus(["a", "b"], []).ranking).toEqual([]);
  });

  it("summarizes Likert scores and flag rates per completion", () => {
    const result = itemConsensus(
      ["a", "b"],
      [
        { ranking: [["a"], ["b"]], ratings: { a: 6, b: 2 }, flags: { b: ["harmful"] } },
        { ranking: [["a"], ["b"]], ratings: { a: 4 }, flags: {} },
      ],
    );
    expect(result.likert).toEqual({ a: { mean: 5, sd: 1, n: 2 }, b: { mean: 2, sd: 0, n: 1 } });
    expect(result.flagRates).toEqual({ b: { harmful: 0.5 } });
  });
});
