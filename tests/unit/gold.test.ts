import { describe, expect, it } from "vitest";
import { goldScore, isGoldAnswer, matchesGold } from "@/lib/domain/gold";
import { letterFor, rankingAsText } from "@/lib/domain/ranking-text";

describe("matchesGold", () => {
  it("counts only the expected completion alone at the top", () => {
    expect(matchesGold([["a"], ["b"]], { best: "a" })).toBe(true);
    expect(matchesGold([["b"], ["a"]], { best: "a" })).toBe(false);
    expect(matchesGold([["a", "b"]], { best: "a" })).toBe(false);
    expect(matchesGold(null, { best: "a" })).toBe(false);
  });

  it("recognizes a stored gold answer", () => {
    expect(isGoldAnswer({ best: "x" })).toBe(true);
    expect(isGoldAnswer({ text: "x" })).toBe(false);
    expect(isGoldAnswer(null)).toBe(false);
  });
});

describe("rankingAsText", () => {
  it("writes tie groups best first", () => {
    const letters: Record<string, string> = { x: "A", y: "B", z: "C" };
    expect(rankingAsText([["y"], ["x", "z"]], (id) => letters[id]!)).toBe("B > A = C");
    expect(letterFor(0) + letterFor(8)).toBe("AI");
  });
});

describe("goldScore", () => {
  it("scores answers on gold items with matchesGold, grouped or one by one alike", () => {
    const gold = { best: "a" };
    const attempts = [
      { ranking: [["a"], ["b"]], gold },
      { ranking: [["a", "b"]], gold },
      { ranking: null, gold },
      { ranking: [["a"], ["b"]], gold },
      // No gold answer to check against: not counted.
      { ranking: [["a"]], gold: null },
    ];
    expect(goldScore(attempts)).toEqual({ answered: 4, correct: 2, accuracy: 0.5 });
    expect(
      goldScore([
        { ranking: [["a"]], gold, times: 2 },
        { ranking: [["a", "b"]], gold },
        { ranking: null, gold },
      ]),
    ).toEqual({ answered: 4, correct: 2, accuracy: 0.5 });
    expect(goldScore([])).toEqual({ answered: 0, correct: 0, accuracy: null });
  });
});
