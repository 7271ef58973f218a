import { describe, expect, it } from "vitest";
import {
  followBest,
  isEdited,
  needsDecision,
  rewriteCandidate,
  rewriteField,
  startRewrite,
} from "@/lib/domain/rewrite-draft";

const a = { id: "a", text: "Reply A." };
const b = { id: "b", text: "Reply B." };
const edited = { ...startRewrite(a), text: "Reply A, improved." };

describe("rewrite draft", () => {
  it("starts from the reply's text and counts as edited only once the text changes", () => {
    expect(startRewrite(a)).toEqual({ sourceId: "a", sourceText: "Reply A.", text: "Reply A.", kept: false });
    expect(isEdited(startRewrite(a))).toBe(false);
    expect(isEdited({ ...startRewrite(a), text: "  Reply A.\n" })).toBe(false);
    expect(isEdited({ ...startRewrite(a), text: "   " })).toBe(false);
    expect(isEdited(edited)).toBe(true);
    // An empty reply is real data: any text written over it is a rewrite.
    expect(isEdited({ ...startRewrite({ id: "e", text: "" }), text: "Something" })).toBe(true);
  });

  it("starts a new rewrite from the selected reply when it is among the best, else from the first best", () => {
    expect(rewriteCandidate(["b", "a"], "a")).toBe("a");
    expect(rewriteCandidate(["b", "a"], "c")).toBe("b");
    expect(rewriteCandidate(["b"], undefined)).toBe("b");
    expect(rewriteCandidate([], "a")).toBeUndefined();
  });

  it("is always submitted as a rewrite of the reply that seeded it, whatever is best now", () => {
    expect(rewriteField(edited)).toEqual({ completionId: "a", text: "Reply A, improved." });
    // B is now best and the labeler kept the rewrite of A: still A's.
    expect(rewriteField(followBest({ ...edited, kept: true }, ["b"], b))).toEqual({
      completionId: "a",
      text: "Reply A, improved.",
    });
    // A tied top group led by another reply: still A's.
    expect(rewriteField(followBest(edited, ["b", "a"], b))).toEqual({ completionId: "a", text: "Reply A, improved." });
    expect(rewriteField(startRewrite(a))).toBeUndefined();
    expect(rewriteField(null)).toBeUndefined();
  });

  it("moves an untouched editor to the new best reply, and leaves an edited one with its own", () => {
    expect(followBest(startRewrite(a), ["b"], b)).toEqual(startRewrite(b));
    expect(followBest(edited, ["b"], b)).toBe(edited);
    expect(followBest(startRewrite(a), ["b", "a"], b)).toEqual(startRewrite(a));
    expect(followBest(null, ["b"], b)).toBeNull();
  });

  it("asks the labeler only when an edited rewrite's reply is no longer among the best and they have not kept it", () => {
    expect(needsDecision(edited, ["b"])).toBe(true);
    expect(needsDecision({ ...edited, kept: true }, ["b"])).toBe(false);
    expect(needsDecision(edited, ["a"])).toBe(false);
    expect(needsDecision(edited, ["b", "a"])).toBe(false);
    expect(needsDecision(startRewrite(a), ["b"])).toBe(false);
    expect(needsDecision(null, ["b"])).toBe(false);
  });
});
