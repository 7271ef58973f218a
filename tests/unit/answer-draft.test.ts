import { describe, expect, it } from "vitest";
import { extrasDraft, hasWork, restoreComparison, restoreRanking } from "@/lib/domain/answer-draft";
import { afterFailedSave, draftSaveLabel } from "@/components/labeling/draft-save";
import { answerDraftSchema } from "@/lib/validation/answer-draft";
import { draftBodySchema } from "@/lib/validation/tasks";

const A = "11111111-1111-4111-8111-111111111111";
const B = "22222222-2222-4222-8222-222222222222";
const C = "33333333-3333-4333-8333-333333333333";
const task = {
  completions: [
    { id: A, text: "Reply A." },
    { id: B, text: "Reply B." },
    { id: C, text: "Reply C." },
  ],
  flags: ["harmful", "hallucination"],
};
const pair = { ...task, completions: task.completions.slice(0, 2) };

describe("answer draft: restoring a comparison or ranking after a reload", () => {
  it("restores a comparison's choice, strength, ratings, flags, rewrite (of its own reply) and comment", () => {
    const saved = {
      choice: "b",
      strength: 3,
      ratings: { [A]: 2, [B]: 6 },
      flags: { [A]: ["hallucination"] },
      rewrite: { sourceId: B, text: "Reply B, better.", kept: false },
      comment: "B is clearer",
    };
    const restored = restoreComparison(saved, pair);
    expect(restored).toEqual({
      choice: "b",
      strength: 3,
      ratings: { [A]: 2, [B]: 6 },
      flags: { [A]: ["hallucination"] },
      // The source text is the completion's own, looked up: only the id was saved.
      rewrite: { sourceId: B, sourceText: "Reply B.", text: "Reply B, better.", kept: false },
      comment: "B is clearer",
    });
    expect(hasWork(restored)).toBe(true);
    // Saved again, it is the same draft (the rewrite's source text does not travel).
    expect({ choice: restored.choice, strength: restored.strength, ...extrasDraft(restored) }).toEqual(saved);
    expect(answerDraftSchema.safeParse(saved).success).toBe(true);
  });

  it("keeps only what fits the task: known replies, the project's flags, Likert 1-7, a strength only for A or B", () => {
    const restored = restoreComparison(
      {
        choice: "good",
        strength: 2,
        ratings: { [A]: 9, [B]: 4.5, [C]: 3, x: 1 },
        flags: { [A]: ["harmful", "not-a-flag", "harmful"], [C]: ["harmful"] },
        rewrite: { sourceId: C, text: "A reply not shown here", kept: true },
        comment: 42,
      },
      pair,
    );
    expect(restored).toEqual({
      choice: "good",
      strength: null,
      ratings: {},
      flags: { [A]: ["harmful"] },
      rewrite: null,
      comment: "",
    });
    expect(restoreComparison({ choice: "c" }, pair).choice).toBeNull();
  });

  it("nothing saved (or garbage) restores nothing, and says no draft was restored", () => {
    for (const raw of [null, undefined, "x", 3, [], {}]) {
      const comparison = restoreComparison(raw, pair);
      expect(comparison).toEqual({ choice: null, strength: null, ratings: {}, flags: {}, rewrite: null, comment: "" });
      expect(hasWork(comparison)).toBe(false);
      expect(restoreRanking(raw, task)).toMatchObject({ ranking: null, ordered: false });
    }
  });

  it("restores a ranking's order and ties only when it places every reply of the task once", () => {
    expect(restoreRanking({ ranking: [[C], [A, B]], ordered: true }, task)).toMatchObject({
      ranking: [[C], [A, B]],
      ordered: true,
    });
    expect(hasWork(restoreRanking({ ranking: [[C], [A, B]], ordered: true }, task))).toBe(true);
    // An order the labeler has not confirmed is restored but is no work of theirs yet.
    expect(hasWork(restoreRanking({ ranking: [[A], [B], [C]], ordered: false }, task))).toBe(false);
    for (const ranking of [[[A], [B]], [[A], [B], [C], [A]], [[A], [], [B, C]], [[A, B, "zzz"]], "A,B,C"]) {
      expect(restoreRanking({ ranking, ordered: true }, task)).toMatchObject({ ranking: null, ordered: false });
    }
  });
});

describe("answer draft: what the server accepts", () => {
  it("takes a draft body of text, answer and time spent, each optional, and nothing else", () => {
    expect(draftBodySchema.safeParse({ text: "half a reply" }).success).toBe(true);
    expect(draftBodySchema.safeParse({ timeSpentMs: 12_000 }).success).toBe(true);
    expect(draftBodySchema.safeParse({ answer: { choice: "a", strength: 1 }, timeSpentMs: 5 }).success).toBe(true);
    expect(draftBodySchema.safeParse({ labelerId: "x" }).success).toBe(false);
    expect(draftBodySchema.safeParse({ timeSpentMs: -1 }).success).toBe(false);
    expect(draftBodySchema.safeParse({ timeSpentMs: 86_400_001 }).success).toBe(false);
  });

  it("caps every field at the submit's limits and refuses what a submit could not hold", () => {
    const bad = (answer: unknown) => {
      const parsed = answerDraftSchema.safeParse(answer);
      return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(bad({ comment: "x".repeat(5_001) })).toEqual(["comment: comment is longer than 5,000 characters"]);
    expect(bad({ rewrite: { sourceId: A, text: "x".repeat(100_001), kept: false } })).toEqual([
      "rewrite.text: the rewrite is longer than 100,000 characters",
    ]);
    expect(bad({ ratings: { [A]: 8 } })).toEqual([`ratings.${A}: ratings are 1 to 7`]);
    expect(bad({ ratings: { "not-an-id": 3 } })).not.toBeNull();
    expect(bad({ choice: "c" })).not.toBeNull();
    expect(bad({ strength: 4 })).not.toBeNull();
    expect(bad({ ranking: Array.from({ length: 10 }, () => [A]) })).not.toBeNull();
    expect(bad({ comment: "nul \u0000" })).toEqual(["comment: contains a NUL character"]);
    expect(bad({ extra: true })).not.toBeNull();
    expect(bad({ rewrite: { sourceId: A, text: "x", kept: false, sourceText: "y" } })).not.toBeNull();
  });
});

describe("draft line", () => {
  it("says 'Draft restored' only for a restored draft the labeler has not changed", () => {
    expect(draftSaveLabel({ kind: "idle" }, true)).toBe("Draft restored");
    expect(draftSaveLabel({ kind: "idle" }, false)).toBe("Drafts save automatically");
    expect(draftSaveLabel({ kind: "saving" }, true)).toBe("Saving…");
  });

  it("an expired session reads as one, an outage as one, a refusal in the server's words", () => {
    const now = new Date("2026-12-01T12:00:00Z");
    const signedOut = afterFailedSave({ status: 401, message: "Sign in or send a bearer token" }, now);
    expect(draftSaveLabel(signedOut.save, false)).toBe("You were signed out: kept in this browser");
    expect(signedOut.retryInMs).toBe(30_000);
    const outage = afterFailedSave({ status: 0, message: "Cannot reach the server" }, now);
    expect(draftSaveLabel(outage.save, false)).toBe("Server unreachable: kept in this browser, retrying");
    expect(outage.retryInMs).toBe(1000);
    const refused = afterFailedSave(
      { status: 400, message: "Invalid", problems: ["Comment: comment is longer than 5,000 characters"] },
      now,
    );
    expect(draftSaveLabel(refused.save, false)).toBe("Not saved: Comment: comment is longer than 5,000 characters");
    expect(refused.retryInMs).toBeNull();
  });
});
