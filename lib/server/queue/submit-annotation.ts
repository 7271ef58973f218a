import "server-only";
import { checkAnswer } from "@/lib/domain/answers";
import type { SubmitBody } from "@/lib/validation/tasks";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { storeItemStats } from "@/lib/server/agreement/item-stats";
import { leaseContext, leaseContextWithToken, submitAnswer } from "@/lib/server/queue/queue-queries";
import { acceptTokenRow, requireTokenScope } from "@/lib/server/auth/api-tokens";
import { invalidTokenError, type ApiCaller } from "@/lib/server/auth/api-caller";
import { leaseLostError, projectArchivedError } from "@/lib/server/queue/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { afterQualitySubmit, type TrainingFeedback } from "@/lib/server/quality/after-submit";
import { adaptivePolicy, applyAdaptiveOverlap } from "@/lib/server/quality/adaptive-overlap";

export interface SubmitResult {
  annotationId: string;
  /** True when this key was seen before and the stored answer is returned again. */
  replayed: boolean;
  /** Issue 16 (qual): training-phase feedback (the gold answer and the admin's explanation). */
  feedback?: TrainingFeedback;
}

/**
 * Stores one labeler's answer for the slot they hold, exactly once: the same
 * Idempotency-Key returns the same annotation; a lost lease gets a conflict. The answer is
 * checked against what the labeler was shown, then stored by one call of the database
 * function rlhf_submit_annotation (prisma/sql/functions), which locks the lease and checks
 * that it is still held (rlhf_lease_is_held).
 */
export async function submitAnnotation(
  user: SessionUser,
  leaseId: string,
  idempotencyKey: string,
  body: SubmitBody,
): Promise<SubmitResult> {
  return submitAgainst(user, leaseId, idempotencyKey, body, await leaseContext(pool(), leaseId));
}

/**
 * submitAnnotation for the submit route: a bearer token is checked in the lease read's own
 * statement (one round trip instead of two; see api-caller.ts), a signed-in user was checked already.
 */
export async function submitAnnotationFor(
  caller: ApiCaller,
  leaseId: string,
  idempotencyKey: string,
  body: SubmitBody,
): Promise<SubmitResult & { userId: string }> {
  if ("user" in caller) {
    return { ...(await submitAnnotation(caller.user, leaseId, idempotencyKey, body)), userId: caller.user.id };
  }
  const row = await leaseContextWithToken(pool(), caller.tokenHash, leaseId);
  const user = await acceptTokenRow(row);
  if (!user) throw invalidTokenError();
  requireTokenScope(row!.scopes, "label");
  return { ...(await submitAgainst(user, leaseId, idempotencyKey, body, row!.lease)), userId: user.id };
}

async function submitAgainst(
  user: SessionUser,
  leaseId: string,
  idempotencyKey: string,
  body: SubmitBody,
  lease: Awaited<ReturnType<typeof leaseContext>>,
): Promise<SubmitResult> {
  // Someone else's lease looks exactly like a missing one.
  if (!lease || lease.labelerId !== user.id) throw new AppError("not_found", "No such task");
  const checked = checkAnswer(
    {
      kind: lease.kind,
      completionIds: lease.displayOrder,
      likertEnabled: lease.likertEnabled,
      allowedFlags: lease.flags,
      minDemoLength: lease.minDemoLength,
    },
    body,
  );
  if (!checked.ok) throw new AppError("bad_request", checked.problems.join("; "), checked.problems);

  const submit = { leaseId, userId: user.id, idempotencyKey, answer: checked.answer };
  // Adaptive overlap (docs/QUALITY.md): the decision and its slot commit with the answer, under
  // the item's lock the submit takes; a fixed-overlap project keeps its one-statement submit.
  const policy = adaptivePolicy(lease);
  const result = policy
    ? await inTransaction(async (tx) => {
        const stored = await submitAnswer(tx, submit);
        if (stored.outcome === "stored" && stored.item) {
          await applyAdaptiveOverlap(tx, {
            projectId: lease.projectId,
            itemId: lease.itemId,
            policy,
            completionIds: Object.keys(stored.item.lengths ?? {}),
            answers: stored.item.answers ?? [],
          });
        }
        return stored;
      })
    : await submitAnswer(pool(), submit);
  switch (result.outcome) {
    case "stored":
      // The item's agreement (admins filter on it) and the stats the agreement report sums.
      if (result.item) await storeItemStats(lease.itemId, lease.kind, result.item);
      {
        // The quality program (docs/QUALITY.md): a qualification decision, an attention pause or
        // training feedback. Only a check item or a project with a training phase has any.
        const feedback =
          lease.goldRole !== null || lease.trainingItems > 0 ? await afterQualitySubmit(result.annotationId) : null;
        return { annotationId: result.annotationId, replayed: false, ...(feedback ? { feedback } : {}) };
      }
    case "replayed":
      return { annotationId: result.annotationId, replayed: true };
    case "key_reused":
      throw new AppError("conflict", "This Idempotency-Key was already used for another task", {
        reason: "idempotency_key_reused",
      });
    case "not_found":
      throw new AppError("not_found", "No such task");
    case "lost":
      throw leaseLostError(result.state);
    case "archived":
      throw projectArchivedError();
  }
}
