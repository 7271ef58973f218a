import { describe, expect, it } from "vitest";
import { AGREEMENT_STATS_VERSION, itemStats } from "@/lib/domain/agreement/item-stats";
import { AlphaAccumulator, krippendorffAlpha, type AlphaState, type Rating } from "@/lib/domain/agreement/krippendorff";

describe("itemStats: what items.agreement_stats stores", () => {
  // Two completions, c1 (10 characters) and c2 (20); L1 and L2 prefer c1, L3 prefers c2.
  const stored = itemStats("comparison", { c1: 10, c2: 20 }, [
    { id: "a1", labeler: "L1", ranking: [["c1"], ["c2"]], ratings: { c1: 6, c2: 2 } },
    { id: "a2", labeler: "L2", ranking: [["c1"], ["c2"]], ratings: { c1: 5, c2: 2 } },
    { id: "a3", labeler: "L3", ranking: [["c2"], ["c1"]], ratings: { c1: 3, c2: 4 } },
  ]).item;

  it("has a version and named keys, worked out by hand", () => {
    expect(AGREEMENT_STATS_VERSION).toBe(2);
    expect(stored).toEqual({
      version: 2,
      answers: 3,
      // Labeler pairs on (c1, c2): L1-L2 agree, L1-L3 and L2-L3 do not.
      comparisons: 3,
      agreeing: 1,
      ties: 0,
      // One unit of three values (c1, c1, c2): each ordered pair of coders weighs 1/(3-1).
      winner: { units: 1, pairableUnits: 1, cells: { c1: { c1: 1, c2: 1 }, c2: { c1: 1 } } },
      // Units c1 (6, 5, 3) and c2 (2, 2, 4).
      likert: {
        units: 2,
        pairableUnits: 2,
        cells: {
          "6": { "5": 0.5, "3": 0.5 },
          "5": { "6": 0.5, "3": 0.5 },
          "3": { "6": 0.5, "5": 0.5 },
          "2": { "2": 1, "4": 1 },
          "4": { "2": 1 },
        },
      },
      likertCounts: { "1": 0, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 0 },
      // Leave-one-out: L1's and L2's others tie (no agreement), L3's others prefer c1.
      // Length: only L3 preferred the longer completion.
      labelers: {
        L1: { looPairs: 1, looAgree: 0, lengthPairs: 1, longer: 0 },
        L2: { looPairs: 1, looAgree: 0, lengthPairs: 1, longer: 0 },
        L3: { looPairs: 1, looAgree: 0, lengthPairs: 1, longer: 1 },
      },
    });
  });

  it("is JSON without a single array: nothing is read by position", () => {
    const json = JSON.stringify(stored);
    expect(json).not.toContain("[");
    expect(JSON.parse(json)).toEqual(stored);
  });
});

describe("AlphaAccumulator states stored as JSON", () => {
  // Krippendorff (2011), the four-observer example (section C), as units of values.
  const rows: Record<string, (number | null)[]> = {
    A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
    B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
    C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
    D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
  };
  const ratings: Rating[] = Object.entries(rows).flatMap(([coder, values]) =>
    values.flatMap((value, unit) => (value === null ? [] : [{ unit: `u${unit}`, coder, value }])),
  );

  it.each(["nominal", "interval"] as const)(
    "%s: states saved per unit, through JSON and merged, give the published alpha",
    (level) => {
      const merged = new AlphaAccumulator(level);
      for (let unit = 0; unit < 12; unit += 1) {
        const one = new AlphaAccumulator(level);
        const values = ratings.filter((r) => r.unit === `u${unit}`);
        one.addUnit(
          values.map((r) => (level === "nominal" ? `v${r.value}` : r.value)),
          values.map((r) => r.coder),
        );
        merged.merge(JSON.parse(JSON.stringify(one.toState())) as AlphaState);
      }
      merged.setCoders(Object.keys(rows));
      const direct = krippendorffAlpha(ratings, level);
      expect(merged.result().alpha).toBeCloseTo(direct.alpha!, 12);
      expect(merged.result()).toMatchObject({ units: 12, pairableUnits: 11, coders: 4, pairableValues: 40 });
      expect(direct.alpha).toBeCloseTo(level === "nominal" ? 0.743 : 0.849, 3);
    },
  );
});
