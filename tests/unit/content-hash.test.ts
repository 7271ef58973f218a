import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { itemContentHash } from "@/lib/domain/content-hash";

describe("itemContentHash", () => {
  const messages = [{ role: "user" as const, content: "Hi" }];

  it("is the sha256 of the canonical JSON of roles, contents and completions", () => {
    const expected = createHash("sha256").update('[[["user","Hi"]],["a","b"]]').digest("hex");
    expect(itemContentHash(messages, ["a", "b"])).toBe(expected);
  });

  it("changes with completion order, role and text", () => {
    const base = itemContentHash(messages, ["a", "b"]);
    expect(itemContentHash(messages, ["b", "a"])).not.toBe(base);
    expect(itemContentHash([{ role: "system", content: "Hi" }], ["a", "b"])).not.toBe(base);
    expect(itemContentHash(messages, ["a", "b "])).not.toBe(base);
  });

  it("cannot be confused by separators inside the text", () => {
    expect(itemContentHash(messages, ['a","b'])).not.toBe(itemContentHash(messages, ["a", "b"]));
  });
});
