import "server-only";
import { checkAnswer } from "@/lib/domain/answers";
import type { SubmitBody } from "@/lib/validation/tasks";
import { refreshAgreementStats } from "@/lib/server/agreement/item-stats";
import { editAnnotation, forgetItemStats, ownAnswer } from "@/lib/server/answers/answer-queries";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { inTransaction, pool } from "@/lib/server/db/client";
import { isUniqueViolation } from "@/lib/server/db/query";
import { AppError } from "@/lib/server/errors";
import { projectArchivedError } from "@/lib/server/queue/held-lease";

export interface EditResult {
  annotationId: string;
  revision: number;
  /** True when this key was seen before: the edit it made is acknowledged again. */
  replayed: boolean;
}

/**
 * A labeler changes their own answer. The new version is checked against the task as they
 * were shown it (the same check as a submit), then stored by one call of the database function
 * rlhf_edit_annotation, which enforces who, until when and how often (see its source). In the
 * same transaction, under the item's lock that function took, the item's agreement stats are
 * recomputed from the latest answers: the refresher cannot see an edit (answer counts do not
 * change), so the stats are forgotten and rewritten here.
 */
export async function editAnswer(
  user: SessionUser,
  annotationId: string,
  idempotencyKey: string,
  body: SubmitBody,
): Promise<EditResult> {
  const current = await ownAnswer(pool(), annotationId, user.id);
  if (!current) throw new AppError("not_found", "No such answer");
  const checked = checkAnswer(
    {
      kind: current.project.kind,
      completionIds: current.completions.map((c) => c.id),
      likertEnabled: current.project.likertEnabled,
      allowedFlags: current.project.flags,
      minDemoLength: current.project.minDemoLength,
    },
    body,
  );
  if (!checked.ok) throw new AppError("bad_request", checked.problems.join("; "), checked.problems);

  const result = await inTransaction(async (tx) => {
    const outcome = await editAnnotation(tx, {
      annotationId,
      labelerId: user.id,
      idempotencyKey,
      answer: checked.answer,
    });
    if (outcome.outcome === "stored" && current.project.kind !== "demonstration") {
      await forgetItemStats(tx, outcome.itemId);
      await refreshAgreementStats(tx, [outcome.itemId]);
    }
    return outcome;
  }).catch((error: unknown) => {
    // The same key sent for two answers at once: the unique index decides, the loser is told.
    if (isUniqueViolation(error, "answer_revisions_labeler_id_replaced_by_key_key")) {
      return { outcome: "key_reused" as const };
    }
    throw error;
  });
  switch (result.outcome) {
    case "stored":
      return { annotationId, revision: result.revision, replayed: false };
    case "replayed":
      return { annotationId, revision: result.revision, replayed: true };
    case "not_found":
      throw new AppError("not_found", "No such answer");
    case "key_reused":
      throw new AppError("conflict", "This Idempotency-Key was already used for another answer", {
        reason: "idempotency_key_reused",
      });
    case "archived":
      throw projectArchivedError();
    case "window_closed":
      throw new AppError("conflict", "The time to change this answer is over", {
        reason: "edit_window_closed",
        editableUntil: result.editableUntil,
      });
    case "final":
      throw new AppError("conflict", "This answer is final: the project was exported after it", {
        reason: "answer_final",
      });
    case "reviewed":
      throw new AppError("conflict", "This answer is final: a reviewer has decided on it", {
        reason: "answer_reviewed",
      });
    case "trained":
      throw new AppError("conflict", "This answer is final: it was followed by the expected answer (training)", {
        reason: "answer_trained",
      });
    case "qualification_decided":
      throw new AppError("conflict", "This answer is final: your qualification was decided with it", {
        reason: "answer_qualification_decided",
      });
    case "too_many_edits":
      throw new AppError("conflict", "This answer has been changed 19 times, the most an answer may be", {
        reason: "too_many_edits",
      });
  }
}
