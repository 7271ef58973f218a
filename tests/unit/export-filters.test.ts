import { describe, expect, it } from "vitest";
import type { QualityCounts } from "@/lib/domain/agreement/labeler-quality";
import { filtersRecord, keepsItem, labelersMeetingAgreement } from "@/lib/domain/export/filters";

const counts = (pairs: number, agree: number): QualityCounts => ({
  answers: 1,
  pairs,
  agree,
  winners: 0,
  firstWins: 0,
  expected: 0,
  lengthPairs: 0,
  longer: 0,
});

describe("keepsItem", () => {
  const plain = { flags: null };
  const flagged = { flags: { c1: ["harmful"] } };
  const emptyFlags = { flags: { c1: [] } };

  it("leaves out an item with no answer left, whatever the filters", () => {
    expect(keepsItem([], {})).toBe(false);
    expect(keepsItem([plain], {})).toBe(true);
  });

  it("keeps an item with at least minAnnotations answers (counted after the SQL filters)", () => {
    expect(keepsItem([plain, plain], { minAnnotations: 3 })).toBe(false);
    expect(keepsItem([plain, plain, plain], { minAnnotations: 3 })).toBe(true);
  });

  it("with excludeFlagged, leaves out an item any kept answer flagged; an empty flag list is no flag", () => {
    expect(keepsItem([plain, flagged], { excludeFlagged: true })).toBe(false);
    expect(keepsItem([plain, emptyFlags], { excludeFlagged: true })).toBe(true);
    expect(keepsItem([plain, flagged], {})).toBe(true);
  });
});

describe("labelersMeetingAgreement", () => {
  it("keeps labelers at or above the threshold and leaves out the unmeasured", () => {
    const labelers = new Map([
      ["a", counts(10, 9)], // 0.9
      ["b", counts(10, 5)], // 0.5
      ["c", counts(0, 0)], // unmeasured
      ["d", counts(4, 3)], // 0.75
    ]);
    expect(labelersMeetingAgreement(labelers, 0.75)).toEqual(["a", "d"]);
    expect(labelersMeetingAgreement(labelers, 0)).toEqual(["a", "b", "d"]);
  });
});

describe("filtersRecord", () => {
  it("records the filters given, a split as {name: share}, and leaves out unset and false ones", () => {
    expect(
      filtersRecord({
        minAgreement: 0.5,
        excludeFlagged: false,
        minLikert: undefined,
        from: "2026-11-01",
        split: [
          { name: "train", share: 0.9 },
          { name: "test", share: 0.1 },
        ],
      }),
    ).toEqual({ minAgreement: 0.5, from: "2026-11-01", split: { train: 0.9, test: 0.1 } });
    expect(filtersRecord({})).toEqual({});
  });
});
