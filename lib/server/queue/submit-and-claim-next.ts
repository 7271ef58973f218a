import "server-only";
import type { SubmitBody } from "@/lib/validation/tasks";
import { pool } from "@/lib/server/db/client";
import { claimTaskAfterLease } from "@/lib/server/queue/queue-queries";
import { submitAnnotation, submitAnnotationFor } from "@/lib/server/queue/submit-annotation";
import type { ApiCaller } from "@/lib/server/auth/api-caller";
import type { TaskView } from "@/lib/server/queue/task-view";
import { withShownSuggestion } from "@/lib/domain/judges/suggestion";
import type { SessionUser } from "@/lib/server/auth/session-user";
import type { TrainingFeedback } from "@/lib/server/quality/after-submit";

export interface SubmitAndNextResult {
  annotationId: string;
  /** Issue 16 (qual): training-phase feedback, shown before the next task. */
  feedback?: TrainingFeedback;
  /**
   * The labeler's next task in the same project, as `POST .../tasks/next` would answer it:
   * `{task}`, or null when nothing is left. Absent when no new task can be given (the project
   * was paused or archived meanwhile): the client then asks tasks/next, whose answer says why.
   */
  next?: { task: TaskView } | null;
}

/**
 * A submit that also claims the next task (`?next=1`), so that the labeling page moves on
 * after one round trip instead of two. The submit is exactly submitAnnotation (the same key
 * again gives the same annotation); the claim is rlhf_claim_task as tasks/next runs it, so a
 * replay, or a labeler who already holds another lease in the project, gets that lease again.
 */
export async function submitAndClaimNext(
  user: SessionUser,
  leaseId: string,
  idempotencyKey: string,
  body: SubmitBody,
): Promise<SubmitAndNextResult> {
  const { annotationId, feedback } = await submitAnnotation(user, leaseId, idempotencyKey, body);
  return withFeedback(
    withSuggestion(withNext(annotationId, await claimTaskAfterLease(pool(), leaseId, user.id))),
    feedback,
  );
}

/**
 * submitAndClaimNext for the submit route: a bearer token is checked in the lease read's own
 * statement (submitAnnotationFor), a signed-in user was checked already.
 */
export async function submitAndClaimNextFor(
  caller: ApiCaller,
  leaseId: string,
  idempotencyKey: string,
  body: SubmitBody,
): Promise<SubmitAndNextResult> {
  const { annotationId, userId, feedback } = await submitAnnotationFor(caller, leaseId, idempotencyKey, body);
  return withFeedback(
    withSuggestion(withNext(annotationId, await claimTaskAfterLease(pool(), leaseId, userId))),
    feedback,
  );
}

const withFeedback = (result: SubmitAndNextResult, feedback: TrainingFeedback | undefined): SubmitAndNextResult =>
  feedback ? { ...result, feedback } : result;

/** The next task with its judge's suggestion cut to what it shows (lib/domain/judges/suggestion.ts). */
function withSuggestion(result: SubmitAndNextResult): SubmitAndNextResult {
  if (!result.next) return result;
  return { ...result, next: { task: withShownSuggestion(result.next.task) } };
}

function withNext(annotationId: string, claimed: Awaited<ReturnType<typeof claimTaskAfterLease>>): SubmitAndNextResult {
  switch (claimed.outcome) {
    case "task":
      return { annotationId, next: { task: claimed.task } };
    case "empty":
      return { annotationId, next: null };
    default:
      return { annotationId };
  }
}
