import { describe, expect, it } from "vitest";
import {
  canToggleTie,
  flatten,
  insertAsGroup,
  joinGroup,
  moveDown,
  moveToRank,
  moveUp,
  rankOf,
  toggleTie,
} from "@/lib/domain/ranking-groups";

const start = [["a"], ["b"], ["c"]];

describe("ranking groups", () => {
  it("moves a lone card by swapping whole groups, stopping at the ends", () => {
    expect(moveUp(start, "c")).toEqual([["a"], ["c"], ["b"]]);
    expect(moveUp(start, "a")).toEqual(start);
    expect(moveDown(start, "a")).toEqual([["b"], ["a"], ["c"]]);
    expect(moveDown(start, "c")).toEqual(start);
    expect(moveUp([["a"], ["b", "c"]], "a")).toEqual([["a"], ["b", "c"]]);
    expect(moveDown([["a"], ["b", "c"]], "a")).toEqual([["b", "c"], ["a"]]);
  });

  it("lets a tied card leave its group up or down", () => {
    expect(moveUp([["a"], ["b", "c"]], "c")).toEqual([["a"], ["c"], ["b"]]);
    expect(moveDown([["a", "b"], ["c"]], "a")).toEqual([["b"], ["a"], ["c"]]);
  });

  it("ties a lone card with the group above (as the help says), and unties it in reading order", () => {
    const tied = toggleTie(start, "b");
    expect(tied).toEqual([["a", "b"], ["c"]]);
    expect(toggleTie(tied, "b")).toEqual([["a"], ["b"], ["c"]]);
    expect(toggleTie(start, "c")).toEqual([["a"], ["b", "c"]]);
    // The top card has no reply above it: T does nothing there (it never ties downward).
    expect(toggleTie(start, "a")).toEqual(start);
    expect(canToggleTie(start, "a")).toBe(false);
    expect(canToggleTie(start, "b")).toBe(true);
    // Untying keeps the order read: the first of a group steps above it, the others below.
    expect(toggleTie([["a", "b"]], "a")).toEqual([["a"], ["b"]]);
    expect(toggleTie([["a", "b", "c"]], "b")).toEqual([["a", "c"], ["b"]]);
    expect(canToggleTie([["a", "b"]], "a")).toBe(true);
  });

  it("moves a card straight to rank N, alone, with ranks past the end meaning last", () => {
    expect(moveToRank(start, "c", 1)).toEqual([["c"], ["a"], ["b"]]);
    expect(moveToRank(start, "a", 3)).toEqual([["b"], ["c"], ["a"]]);
    expect(moveToRank(start, "a", 2)).toEqual([["b"], ["a"], ["c"]]);
    expect(moveToRank(start, "b", 9)).toEqual([["a"], ["c"], ["b"]]);
    expect(moveToRank(start, "b", 2)).toEqual(start);
    expect(moveToRank([["a", "b"], ["c"]], "b", 1)).toEqual([["b"], ["a"], ["c"]]);
    expect(moveToRank([["a"], ["b", "c"]], "a", 2)).toEqual([["b", "c"], ["a"]]);
    expect(() => moveToRank(start, "z", 1)).toThrow("unknown completion z");
  });

  it("drops onto a group (tie) or into a gap (own group)", () => {
    expect(joinGroup(start, "c", 0)).toEqual([["a", "c"], ["b"]]);
    expect(joinGroup(start, "a", 2)).toEqual([["b"], ["c", "a"]]);
    expect(insertAsGroup(start, "c", 0)).toEqual([["c"], ["a"], ["b"]]);
    expect(insertAsGroup([["a", "b"], ["c"]], "b", 2)).toEqual([["a"], ["c"], ["b"]]);
  });

  it("reports ranks shared by ties and a reading order", () => {
    const groups = [["a"], ["b", "c"], ["d"]];
    expect(["a", "b", "c", "d"].map((id) => rankOf(groups, id))).toEqual([1, 2, 2, 3]);
    expect(flatten(groups)).toEqual(["a", "b", "c", "d"]);
  });
});
