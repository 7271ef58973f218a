import "server-only";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { claimTask, claimTaskWithToken } from "@/lib/server/queue/queue-queries";
import { acceptTokenRow, requireTokenScope } from "@/lib/server/auth/api-tokens";
import { invalidTokenError, type ApiCaller } from "@/lib/server/auth/api-caller";
import type { TaskView } from "@/lib/server/queue/task-view";
import { withShownSuggestion } from "@/lib/domain/judges/suggestion";
import type { SessionUser } from "@/lib/server/auth/session-user";
import {
  decidePendingQualification,
  qualityClaimError,
  startQualificationRetry,
} from "@/lib/server/quality/qualification";
import { QUALITY_CLAIM_OUTCOMES, qualityNotice, type QualityClaimOutcome } from "@/lib/domain/quality/standing";

const isQualityOutcome = (outcome: string): outcome is QualityClaimOutcome =>
  (QUALITY_CLAIM_OUTCOMES as readonly string[]).includes(outcome);

/**
 * Gives the labeler one slot of one item under a lease, or returns the lease they already
 * hold in this project (a refresh never takes a second slot). The work is one call of the
 * database function rlhf_claim_task (prisma/sql/functions/rlhf_claim_task.sql): it locks the
 * membership row, takes a free slot of an item eligible for this labeler with FOR UPDATE SKIP
 * LOCKED (priority, then arrival order) and stores a random display order. Returns null when
 * nothing is left for this labeler. A paused project still returns the task in hand; an
 * archived one nothing.
 */
export async function claimNextTask(user: SessionUser, slug: string): Promise<TaskView | null> {
  // An unknown slug gives a null project id, which no membership matches: not_member.
  let result = await claimTask(pool(), slug, user.id);
  // Issue 16 (qual): every qualification item answered or skipped, but undecided (a skip that
  // ended before its decision, or skips from an older release): decide now, then the claim again.
  if (result.outcome === "qualification_pending" && (await decidePendingQualification(slug, user.id)) !== "pending")
    result = await claimTask(pool(), slug, user.id);
  // Issue 16 (qual): a failed labeler's waiting period is over: a new attempt, then the claim again.
  if (result.outcome === "qualification_retry") {
    await startQualificationRetry(slug, user.id);
    result = await claimTask(pool(), slug, user.id);
  }
  if (isQualityOutcome(result.outcome)) throw await qualityClaimError(result.outcome, slug, user.id);
  return withShownSuggestion(taskOf(result));
}

/**
 * claimNextTask for the claim route: a bearer token is checked in the claim's own statement
 * (one round trip instead of two; see api-caller.ts), a signed-in user was checked already.
 */
export async function claimNextTaskFor(caller: ApiCaller, slug: string): Promise<TaskView | null> {
  if ("user" in caller) return claimNextTask(caller.user, slug);
  const row = await claimTaskWithToken(pool(), caller.tokenHash, slug);
  const user = await acceptTokenRow(row);
  if (!user) throw invalidTokenError();
  // The statement claimed nothing without the scope (its CASE); this names what is missing.
  requireTokenScope(row!.scopes, "label");
  if (isQualityOutcome(row!.claim!.outcome)) return claimNextTask(user, slug);
  return withShownSuggestion(taskOf(row!.claim!));
}

function taskOf(result: Awaited<ReturnType<typeof claimTask>>): TaskView | null {
  switch (result.outcome) {
    case "task":
      return result.task;
    case "empty":
      return null;
    case "not_member":
      throw new AppError("not_found", "No such project");
    case "paused":
      // Only new tasks: a task in hand is returned above (outcome "task") so it can be finished.
      throw new AppError("conflict", "This project is paused: no new tasks until an admin resumes it");
    case "archived":
      throw new AppError("conflict", "This project is archived");
    default:
      // Issue 16 (qual): answered by claimNextTask with the labeler's notice (qualityClaimError).
      throw new AppError("conflict", qualityNotice(result.outcome), { reason: result.outcome });
  }
}
