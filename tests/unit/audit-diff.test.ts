import { describe, expect, it } from "vitest";
import { auditContext, auditDiff, auditValueText, sameValue } from "@/lib/domain/audit-diff";

describe("auditDiff", () => {
  it("lists only the fields an update changed, before → after", () => {
    // A project settings update as update-project.ts records it.
    const before = { name: "Helpful", overlap: 1, leaseSeconds: 1800, flags: ["harmful"] };
    const after = { name: "Helpful", overlap: 3, leaseSeconds: 1800, flags: ["harmful", "off-topic"] };
    expect(auditDiff(before, after)).toEqual([
      { field: "overlap", kind: "changed", before: 1, after: 3 },
      { field: "flags", kind: "changed", before: ["harmful"], after: ["harmful", "off-topic"] },
    ]);
  });

  it("treats a creation as added fields and a deletion as removed fields", () => {
    expect(auditDiff(null, { email: "ann@example.com", role: "labeler" })).toEqual([
      { field: "email", kind: "added", after: "ann@example.com" },
      { field: "role", kind: "added", after: "labeler" },
    ]);
    expect(auditDiff({ email: "ann@example.com", slug: "helpful" }, undefined)).toEqual([
      { field: "email", kind: "removed", before: "ann@example.com" },
      { field: "slug", kind: "removed", before: "helpful" },
    ]);
  });

  it("names fields only one side has, in the records' order", () => {
    expect(auditDiff({ status: "active", a: 1 }, { status: "paused", releasedLeases: 2, a: 1 })).toEqual([
      { field: "status", kind: "changed", before: "active", after: "paused" },
      { field: "releasedLeases", kind: "added", after: 2 },
    ]);
    expect(auditDiff({ isGold: true, goldAnswer: { best: "x" } }, { isGold: true })).toEqual([
      { field: "goldAnswer", kind: "removed", before: { best: "x" } },
    ]);
  });

  it("compares nested values by content, not key order, and a null field as a value", () => {
    expect(auditDiff({ gold: { best: "x", n: 1 } }, { gold: { n: 1, best: "x" } })).toEqual([]);
    expect(auditDiff({ goldAnswer: null }, { goldAnswer: { best: "x" } })).toEqual([
      { field: "goldAnswer", kind: "changed", before: null, after: { best: "x" } },
    ]);
    expect(auditDiff({ revokedAt: null }, { revokedAt: null })).toEqual([]);
  });

  it("handles values that are not records", () => {
    expect(auditDiff(null, null)).toEqual([]);
    expect(auditDiff(3, 4)).toEqual([{ field: "", kind: "changed", before: 3, after: 4 }]);
    expect(auditDiff(null, [1, 2])).toEqual([{ field: "", kind: "added", after: [1, 2] }]);
    expect(auditDiff("x", { a: 1 })).toEqual([{ field: "", kind: "changed", before: "x", after: { a: 1 } }]);
  });
});

describe("sameValue and auditValueText", () => {
  it("compares JSON by content", () => {
    expect(sameValue([1, { a: 2, b: 3 }], [1, { b: 3, a: 2 }])).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
  });
  it("shows strings as they are and cuts long text", () => {
    expect(auditValueText("paused")).toBe("paused");
    expect(auditValueText({ best: "x" })).toBe('{"best":"x"}');
    expect(auditValueText("a".repeat(200), 10)).toBe("aaaaaaaaa…");
  });
});

describe("auditContext", () => {
  it("names the record by its unchanged identifying fields", () => {
    // A token revocation as api-tokens.ts records it: only revokedAt changes.
    const before = { userId: "u1", prefix: "rlhf_ab12cd", revokedAt: null };
    const after = { userId: "u1", prefix: "rlhf_ab12cd", revokedAt: "2026-12-01T10:00:00.000Z" };
    expect(auditContext(before, after)).toEqual([{ field: "prefix", value: "rlhf_ab12cd" }]);
    expect(auditDiff(before, after)).toEqual([
      { field: "revokedAt", kind: "changed", before: null, after: "2026-12-01T10:00:00.000Z" },
    ]);
  });
  it("leaves out identifying fields that changed (they are in the diff) and one-sided records", () => {
    expect(auditContext({ name: "A", email: "a@x" }, { name: "B", email: "a@x" })).toEqual([
      { field: "email", value: "a@x" },
    ]);
    expect(auditContext(null, { email: "a@x" })).toEqual([]);
  });
});
