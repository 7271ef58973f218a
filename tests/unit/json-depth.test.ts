import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, nestsDeeperThan, tooDeepReason } from "@/lib/domain/import/json-depth";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("nestsDeeperThan", () => {
  it("allows 64 levels and refuses 65, counting arrays and objects alike", () => {
    expect(MAX_JSON_DEPTH).toBe(64);
    expect(nestsDeeperThan(nested(64))).toBe(false);
    expect(nestsDeeperThan(nested(65))).toBe(true);
    expect(nestsDeeperThan(`${'{"a":'.repeat(64)}1${"}".repeat(64)}`)).toBe(false);
    expect(nestsDeeperThan(`${'{"a":['.repeat(33)}1${"]}".repeat(33)}`)).toBe(true);
    // Depth, not count: many shallow values side by side are fine.
    expect(nestsDeeperThan(`[${Array(10_000).fill("[1]").join(",")}]`)).toBe(false);
  });

  it("does not count brackets inside strings, escaped quotes included", () => {
    expect(nestsDeeperThan(JSON.stringify({ prompt: "[".repeat(1000) }))).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ prompt: `say \\"${"{".repeat(1000)}\\" and \\\\` }))).toBe(false);
    expect(nestsDeeperThan(`{"a": "\\"", "b": ${nested(70)}}`)).toBe(true);
  });

  it("answers in one pass for a line nested a million deep", () => {
    expect(nestsDeeperThan(nested(1_000_000))).toBe(true);
    expect(nestsDeeperThan(nested(1_000_000), 2_000_000)).toBe(false);
    expect(tooDeepReason()).toBe("nested deeper than 64 levels (arrays and objects)");
  });
});
