import { describe, expect, it } from "vitest";
import { cohenKappa } from "@/lib/domain/agreement/cohen";
import { fleissKappa } from "@/lib/domain/agreement/fleiss";
import { kendallTauB, kendallW } from "@/lib/domain/agreement/kendall";

describe("fleissKappa", () => {
  it("gives 0.210 on the textbook example (10 subjects, 14 raters, 5 categories)", () => {
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(counts)).toBeCloseTo(0.21, 3);
  });

  it("is 1 on full agreement, undefined without variation or raters, and refuses uneven rows", () => {
    expect(
      fleissKappa([
        [3, 0],
        [0, 3],
      ]),
    ).toBe(1);
    expect(
      fleissKappa([
        [3, 0],
        [3, 0],
      ]),
    ).toBeNull();
    expect(fleissKappa([])).toBeNull();
    expect(fleissKappa([[1, 0]])).toBeNull();
    expect(() =>
      fleissKappa([
        [2, 1],
        [1, 1],
      ]),
    ).toThrow(/same number/);
  });
});

describe("cohenKappa", () => {
  it("gives 0.4 on the textbook yes/no example (20, 5, 10, 15)", () => {
    const a = [...Array(20).fill("yes"), ...Array(5).fill("yes"), ...Array(10).fill("no"), ...Array(15).fill("no")];
    const b = [...Array(20).fill("yes"), ...Array(5).fill("no"), ...Array(10).fill("yes"), ...Array(15).fill("no")];
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 10);
  });

  it("weights disagreements by distance (hand-checked: 0, 0.25, 0.5)", () => {
    const a = [0, 1, 2];
    const b = [0, 2, 1];
    const categories = [0, 1, 2];
    expect(cohenKappa(a, b, { categories })).toBeCloseTo(0, 10);
    expect(cohenKappa(a, b, { categories, weights: "linear" })).toBeCloseTo(0.25, 10);
    expect(cohenKappa(a, b, { categories, weights: "quadratic" })).toBeCloseTo(0.5, 10);
  });

  it("is 1 on full agreement and undefined without variation", () => {
    expect(cohenKappa(["a", "b"], ["a", "b"])).toBe(1);
    expect(cohenKappa(["a", "a"], ["a", "a"])).toBeNull();
    expect(() => cohenKappa(["a"], ["a", "b"])).toThrow("both raters must rate the same items");
  });
});

describe("kendallTauB", () => {
  it("matches SciPy's documented example (-0.4714045...)", () => {
    expect(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0])).toBeCloseTo(-0.47140452079103173, 12);
  });

  it("is 1 and -1 for identical and reversed orders, undefined when one side is all ties", () => {
    expect(kendallTauB([1, 2, 3], [1, 2, 3])).toBe(1);
    expect(kendallTauB([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(kendallTauB([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe("kendallW", () => {
  it("is 1 for identical rankings and 0 for two opposite ones", () => {
    expect(
      kendallW([
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ]),
    ).toBe(1);
    expect(
      kendallW([
        [1, 2, 3],
        [3, 2, 1],
      ]),
    ).toBe(0);
  });

  it("gives 7/9 on a hand-checked example (3 judges, 4 objects: rank sums 4, 6, 8, 12)", () => {
    expect(
      kendallW([
        [1, 2, 3, 4],
        [1, 3, 2, 4],
        [2, 1, 3, 4],
      ]),
    ).toBeCloseTo(420 / 540, 12);
  });

  it("is undefined with one judge or one object", () => {
    expect(kendallW([[1, 2]])).toBeNull();
    expect(kendallW([[1], [1]])).toBeNull();
  });
});
