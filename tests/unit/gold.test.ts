import { describe, expect, it } from "vitest";
import { isGoldAnswer, matchesGold } from "@/lib/domain/gold";
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
