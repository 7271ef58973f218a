import { describe, expect, it } from "vitest";
import { itemPairwiseAgreement, preference } from "@/lib/domain/agreement/pairwise-item";

describe("preference", () => {
  it("reads which of two completions a ranking puts higher", () => {
    const ranking = [["b"], ["a", "c"]];
    expect(preference(ranking, "b", "a")).toBe(1);
    expect(preference(ranking, "a", "b")).toBe(-1);
    expect(preference(ranking, "a", "c")).toBe(0);
    expect(preference(ranking, "a", "z")).toBeNull();
  });
});

describe("itemPairwiseAgreement", () => {
  it("is 1 when everyone agrees and undefined below two rankings", () => {
    expect(
      itemPairwiseAgreement([
        [["a"], ["b"]],
        [["a"], ["b"]],
      ]),
    ).toEqual({ agreement: 1, comparisons: 1, agreeing: 1, withTies: 0 });
    expect(itemPairwiseAgreement([[["a"], ["b"]]]).agreement).toBeNull();
    expect(itemPairwiseAgreement([]).agreement).toBeNull();
  });

  it("counts agreeing labeler pairs over every completion pair (hand-checked)", () => {
    // Three labelers ranking a, b, c. Completion pairs: (a,b) prefs +1,+1,-1; (a,c) +1,+1,+1; (b,c) +1,0,+1.
    // Labeler pairs per completion pair: 3. Agreements: (a,b) 1; (a,c) 3; (b,c) 1 (L1 and L3). Total 5 of 9.
    const result = itemPairwiseAgreement([
      [["a"], ["b"], ["c"]],
      [["a"], ["b", "c"]],
      [["b"], ["a"], ["c"]],
    ]);
    expect(result).toEqual({ agreement: 5 / 9, comparisons: 9, agreeing: 5, withTies: 2 });
  });

  it("treats two ties as agreement and a tie against a preference as disagreement", () => {
    expect(itemPairwiseAgreement([[["a", "b"]], [["a", "b"]]]).agreement).toBe(1);
    expect(itemPairwiseAgreement([[["a", "b"]], [["a"], ["b"]]]).agreement).toBe(0);
  });
});
