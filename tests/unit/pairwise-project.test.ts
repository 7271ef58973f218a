import { describe, expect, it } from "vitest";
import {
  binomial,
  pooledPairwiseAgreement,
  projectPairwiseAgreement,
  seededRandom,
} from "@/lib/domain/agreement/pairwise-project";

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

describe("bootstrap by pattern (large projects)", () => {
  it("binomial draws have the right mean and variance, small and large n·p", () => {
    const random = seededRandom(7);
    for (const [n, p] of [
      [50, 0.1],
      [100_000, 0.3],
      [1000, 0.97],
    ] as const) {
      const draws = Array.from({ length: 4000 }, () => binomial(n, p, random));
      const mean = draws.reduce((s, d) => s + d, 0) / draws.length;
      const variance = draws.reduce((s, d) => s + (d - mean) ** 2, 0) / draws.length;
      expect(Math.abs(mean - n * p)).toBeLessThan(4 * Math.sqrt((n * p * (1 - p)) / draws.length));
      expect(variance / (n * p * (1 - p))).toBeGreaterThan(0.9);
      expect(variance / (n * p * (1 - p))).toBeLessThan(1.1);
      expect(draws.every((d) => Number.isInteger(d) && d >= 0 && d <= n)).toBe(true);
    }
  });

  it("gives the interval that drawing item by item gives", () => {
    // 30,000 items of 3 labelers x 6 completion pairs, agreement varying by item.
    const random = seededRandom(3);
    const items = Array.from({ length: 30_000 }, () => {
      const agreeing = Math.min(18, Math.floor(random() * 19 * random() + 8));
      return { comparisons: 18, agreeing, withTies: 0 };
    });
    const exact = pooledPairwiseAgreement(items, { exactUpTo: Infinity });
    const fast = pooledPairwiseAgreement(items);
    expect(fast.agreement).toBe(exact.agreement);
    const width = exact.ci95![1] - exact.ci95![0];
    expect(width).toBeGreaterThan(0);
    expect(Math.abs(fast.ci95![0] - exact.ci95![0])).toBeLessThan(width * 0.1);
    expect(Math.abs(fast.ci95![1] - exact.ci95![1])).toBeLessThan(width * 0.1);
    // Deterministic: the same seed, the same interval.
    expect(pooledPairwiseAgreement(items).ci95).toEqual(fast.ci95);
  });
});
