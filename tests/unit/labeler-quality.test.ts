import { describe, expect, it } from "vitest";
import { addPosition, labelerQuality, type QualityItem } from "@/lib/domain/agreement/labeler-quality";

const lengths = { a: 100, b: 10 };
const item = (answers: [string, string[][], string[]][]): QualityItem => ({
  completionLengths: lengths,
  answers: answers.map(([labeler, ranking, displayOrder]) => ({
    labeler,
    ranking,
    firstShown: displayOrder[0] ?? null,
    shown: displayOrder.length,
  })),
});

describe("labelerQuality", () => {
  it("measures agreement with the others' consensus, leaving the labeler out", () => {
    const items = [1, 2, 3, 4].map(() =>
      item([
        ["ann", [["a"], ["b"]], ["a", "b"]],
        ["bob", [["a"], ["b"]], ["b", "a"]],
        ["cy", [["a"], ["b"]], ["a", "b"]],
        ["dee", [["b"], ["a"]], ["b", "a"]],
      ]),
    );
    const rows = Object.fromEntries(labelerQuality(items).map((r) => [r.labeler, r]));
    // Without dee, the others always agree with each other: 1. dee always disagrees: 0.
    expect(rows.ann!.agreementWithOthers).toBe(1);
    expect(rows.dee!.agreementWithOthers).toBe(0);
    expect(rows.dee!.lowAgreement).toBe(true);
    expect(rows.ann!.lowAgreement).toBe(false);
  });

  it("measures position bias against 1/K and length bias against 0.5", () => {
    const items = [
      item([["pos", [["a"], ["b"]], ["a", "b"]]]),
      item([["pos", [["b"], ["a"]], ["b", "a"]]]),
      item([["pos", [["a"], ["b"]], ["a", "b"]]]),
      item([["pos", [["a"], ["b"]], ["b", "a"]]]),
    ];
    const [row] = labelerQuality(items);
    expect(row).toMatchObject({
      labeler: "pos",
      answers: 4,
      firstShownWins: 0.75,
      firstShownExpected: 0.5,
      longerPreferred: 0.75,
      agreementWithOthers: null,
    });
  });

  it("ignores ties for position and length, and needs two peers to flag anyone", () => {
    const [row] = labelerQuality([item([["t", [["a", "b"]], ["a", "b"]]])]);
    expect(row).toMatchObject({ firstShownWins: null, longerPreferred: null, lowAgreement: false });
  });
});

describe("addPosition", () => {
  it("counts single winners among two or more shown, grouped answers as many as they stand for", () => {
    const counts = { winners: 0, firstWins: 0, expected: 0 };
    addPosition(counts, { topSize: 1, topIsFirstShown: true, shown: 2 }, 3);
    addPosition(counts, { topSize: 1, topIsFirstShown: false, shown: 4 });
    // A tie at the top, or a single completion shown: no position to be biased by.
    addPosition(counts, { topSize: 2, topIsFirstShown: true, shown: 2 }, 5);
    addPosition(counts, { topSize: 1, topIsFirstShown: true, shown: 1 }, 5);
    expect(counts).toEqual({ winners: 4, firstWins: 3, expected: 3 / 2 + 1 / 4 });
  });
});
