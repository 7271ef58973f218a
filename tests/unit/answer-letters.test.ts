// Each labeler names replies A, B ... in their own display order; admin pages name them by
// import position. answerInLetters gives both, so "Reply B is wrong" in a comment can be
// matched to the reply it means.
import { describe, expect, it } from "vitest";
import { answerInLetters, theirLetterOf } from "@/lib/domain/answer-letters";

// Canonical (import) order: c1 = A, c2 = B, c3 = C.
const canonical = (id: string) => ({ c1: "A", c2: "B", c3: "C" })[id] ?? "?";

describe("theirLetterOf", () => {
  it("names each completion by its place in the labeler's display order", () => {
    const theirs = theirLetterOf(["c2", "c3", "c1"]);
    expect(["c1", "c2", "c3"].map(theirs)).toEqual(["C", "A", "B"]);
    expect(theirs("unknown")).toBeNull();
  });
});

describe("answerInLetters", () => {
  it("writes a comparison seen in reverse with both letters: B (their A) first", () => {
    const view = answerInLetters(
      {
        displayOrder: ["c2", "c1"],
        ranking: [["c2"], ["c1"]],
        ratings: { c1: 3, c2: 6 },
        flags: { c1: ["hallucination"] },
        rewriteOf: "c2",
      },
      canonical,
    );
    expect(view.ranking).toBe("B (their A) > A (their B)");
    expect(view.ratings).toBe("A (their B) 3, B (their A) 6");
    expect(view.flags).toBe("A (their B): hallucination");
    expect(view.rewriteOf).toBe("B (their A)");
    expect(view.legend).toBe("their A = B, their B = A");
  });

  it("keeps ties and orders ratings and flags by the canonical letter", () => {
    const view = answerInLetters(
      {
        displayOrder: ["c3", "c1", "c2"],
        ranking: [["c3"], ["c1", "c2"]],
        ratings: { c3: 7, c2: 1, c1: 4 },
        flags: { c3: ["harmful", "violent"], c2: ["off_topic"] },
        rewriteOf: null,
      },
      canonical,
    );
    expect(view.ranking).toBe("C (their A) > A (their B) = B (their C)");
    expect(view.ratings).toBe("A (their B) 4, B (their C) 1, C (their A) 7");
    expect(view.flags).toBe("B (their C): off_topic; C (their A): harmful, violent");
    expect(view.rewriteOf).toBeNull();
    expect(view.legend).toBe("their A = C, their B = A, their C = B");
  });

  it("still shows both letters when the labeler saw the import order", () => {
    const view = answerInLetters(
      { displayOrder: ["c1", "c2"], ranking: [["c1"], ["c2"]], ratings: null, flags: null, rewriteOf: null },
      canonical,
    );
    expect(view.ranking).toBe("A (their A) > B (their B)");
    expect(view.ratings).toBeNull();
    expect(view.flags).toBeNull();
  });

  it("falls back to the canonical letter for a completion the labeler was not shown", () => {
    const view = answerInLetters(
      { displayOrder: ["c1"], ranking: [["c1"], ["c2"]], ratings: null, flags: { c2: ["harmful"] }, rewriteOf: "c2" },
      canonical,
    );
    expect(view.ranking).toBe("A (their A) > B");
    expect(view.flags).toBe("B: harmful");
    expect(view.rewriteOf).toBe("B");
  });

  it("has nothing to map for a demonstration", () => {
    expect(
      answerInLetters({ displayOrder: [], ranking: null, ratings: null, flags: null, rewriteOf: null }, canonical),
    ).toEqual({ ranking: null, ratings: null, flags: null, rewriteOf: null, legend: null });
  });
});
