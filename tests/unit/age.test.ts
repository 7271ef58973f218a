import { describe, expect, it } from "vitest";
import { describeAge } from "@/lib/domain/age";

describe("describeAge", () => {
  it.each([
    [0, "just now"],
    [-5_000, "just now"],
    [59_999, "just now"],
    [60_000, "1 min ago"],
    [59 * 60_000 + 59_000, "59 min ago"],
    [3_600_000, "1 h ago"],
    [47 * 3_600_000, "47 h ago"],
    [48 * 3_600_000, "2 days ago"],
  ])("%i ms is %s", (ms, said) => expect(describeAge(ms)).toBe(said));
});
