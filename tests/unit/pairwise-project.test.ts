import { describe, expect, it } from "vitest";
import { projectPairwiseAgreement, seededRandom } from "@/lib/domain/agreement/pairwise-project";

const agree = [
  [["a"], ["b"]],
  [["a"], ["b"]],
];
const disagree = [
  [["a"], ["b"]],
  [["b"], ["a"]],
];

describe("projectPairwiseAgreement", () => {
  it("pools comparisons over items (hand-checked: 3 agreeing of 4)", () => {
    const result = projectPairwiseAgreement([agree, agree, agree, disagree]);
    expect(result).toMatchObject({ agreement: 0.75, comparisons: 4, tieShare: 0, items: 4 });
    const [low, high] = result.ci95!;
    expect(low).toBeLessThanOrEqual(0.75);
    expect(high).toBeGreaterThanOrEqual(0.75);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(1);
  });

  it("gives a zero-width interval when every item agrees, and the same interval for the same seed", () => {
    expect(projectPairwiseAgreement([agree, agree]).ci95).toEqual([1, 1]);
    const data = [agree, disagree, agree, agree, disagree, agree];
    expect(projectPairwiseAgreement(data, { seed: 7 }).ci95).toEqual(projectPairwiseAgreement(data, { seed: 7 }).ci95);
  });

  it("reports ties and is undefined without two rankings of any item", () => {
    const tied = [[["a", "b"]], [["a"], ["b"]]];
    expect(projectPairwiseAgreement([tied])).toMatchObject({ agreement: 0, tieShare: 1 });
    expect(projectPairwiseAgreement([[[["a"], ["b"]]]])).toMatchObject({ agreement: null, ci95: null });
  });
});

describe("seededRandom", () => {
  it("is deterministic and stays in [0, 1)", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});
