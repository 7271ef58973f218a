import { describe, expect, it } from "vitest";
import { krippendorffAlpha, type Rating } from "@/lib/domain/agreement/krippendorff";

/** Rows are coders, columns units; null is a missing value. */
function table(rows: Record<string, (number | string | null)[]>): Rating[] {
  return Object.entries(rows).flatMap(([coder, values]) =>
    values.flatMap((value, unit) => (value === null ? [] : [{ unit: `u${unit + 1}`, coder, value }])),
  );
}

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the worked example with
// four observers, twelve units and missing values (section C).
const example = table({
  A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
  B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
  C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
  D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
});

describe("krippendorffAlpha (Krippendorff's worked examples)", () => {
  it.each([
    ["nominal", 0.743],
    ["ordinal", 0.815],
    ["interval", 0.849],
    ["ratio", 0.797],
  ] as const)("gives the published %s alpha %f on the four-observer example", (level, alpha) => {
    const result = krippendorffAlpha(example, level);
    expect(result.alpha).toBeCloseTo(alpha, 3);
    // Unit 12 has a single value and does not count; n = 40 pairable values.
    expect(result).toMatchObject({ units: 12, pairableUnits: 11, coders: 4, pairableValues: 40 });
  });

  it("gives the published 0.095 for two observers on binary data", () => {
    const binary = table({
      A: [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
      B: [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    });
    expect(krippendorffAlpha(binary, "nominal").alpha).toBeCloseTo(0.095, 3);
  });
});

describe("krippendorffAlpha (edge cases, checked by hand)", () => {
  it("is 1 when all coders agree and there is variation", () => {
    const agree = table({ A: [1, 2, 3], B: [1, 2, 3] });
    expect(krippendorffAlpha(agree, "interval").alpha).toBe(1);
    expect(krippendorffAlpha(table({ A: ["x", "y"], B: ["x", "y"] }), "nominal").alpha).toBe(1);
  });

  it("is undefined with no variation at all, with one coder, or with no pairable unit", () => {
    expect(krippendorffAlpha(table({ A: [2, 2, 2], B: [2, 2, 2] }), "interval").alpha).toBeNull();
    expect(krippendorffAlpha(table({ A: [1, 2, 3] }), "nominal")).toMatchObject({ alpha: null, pairableUnits: 0 });
    expect(krippendorffAlpha([], "nominal").alpha).toBeNull();
  });

  it("is below zero when coders disagree systematically", () => {
    // Two units, two coders, always opposite: D_o = 1, D_e = 2/3 for nominal data.
    const opposite = table({ A: ["a", "b"], B: ["b", "a"] });
    expect(krippendorffAlpha(opposite, "nominal").alpha).toBeCloseTo(1 - 1 / (2 / 3), 10);
  });

  it("refuses non-numbers for metric levels and a coder rating a unit twice", () => {
    expect(() => krippendorffAlpha(table({ A: ["x", 1], B: [1, 1] }), "interval")).toThrow(/needs numbers/);
    expect(() =>
      krippendorffAlpha(
        [
          { unit: "u", coder: "a", value: 1 },
          { unit: "u", coder: "a", value: 2 },
        ],
        "nominal",
      ),
    ).toThrow(/twice/);
  });
});
