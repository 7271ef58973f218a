import "server-only";
import { checkAnswer } from "@/lib/domain/answers";
import type { SubmitBody } from "@/lib/validation/tasks";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import type { StatsAnswer } from "@/lib/domain/agreement/item-stats";
import { storeItemStats } from "@/lib/server/agreement/item-stats";
import { leaseLostError, projectArchivedError } from "@/lib/server/queue/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";

export interface SubmitResult {
  annotationId: string;
  /** True when this key was seen before and the stored answer is returned again. */
  replayed: boolean;
}

interface LeaseContext {
  labeler_id: string;
  item_id: string;
  display_order: string[];
  kind: "demonstration" | "comparison" | "ranking";
  likert_enabled: boolean;
  flags: string[];
  min_demo_length: number;
}

type SubmitOutcome =
  | {
      outcome: "stored" | "replayed";
      annotationId: string;
      /** For a ranking: the item's rankings and completion lengths, read under its lock. */
      item?: { answers: StatsAnswer[] | null; lengths: Record<string, number> | null };
    }
  | { outcome: "key_reused" | "not_found" | "archived" }
  | { outcome: "lost"; state: string };

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
  const { rows: leases } = await pool().query<LeaseContext>(
    `SELECT l.labeler_id, l.item_id, l.display_order, p.kind, p.likert_enabled, p.flags, p.min_demo_length
       FROM leases l JOIN projects p ON p.id = l.project_id WHERE l.id = $1`,
    [leaseId],
  );
  const lease = leases[0];
  // Someone else's lease looks exactly like a missing one.
  if (!lease || lease.labeler_id !== user.id) throw new AppError("not_found", "No such task");
  const checked = checkAnswer(
    {
      kind: lease.kind,
      completionIds: lease.display_order,
      likertEnabled: lease.likert_enabled,
      allowedFlags: lease.flags,
      minDemoLength: lease.min_demo_length,
    },
    body,
  );
  if (!checked.ok) throw new AppError("bad_request", checked.problems.join("; "), checked.problems);

  const { rows } = await pool().query<{ result: SubmitOutcome }>(
    "SELECT rlhf_submit_annotation($1::uuid, $2::uuid, $3, $4::jsonb) AS result",
    [leaseId, user.id, idempotencyKey, JSON.stringify(checked.answer)],
  );
  const result = rows[0]!.result;
  switch (result.outcome) {
    case "stored":
      // The item's agreement (admins filter on it) and the stats the agreement report sums.
      if (result.item) await storeItemStats(lease.item_id, lease.kind, result.item);
      return { annotationId: result.annotationId, replayed: false };
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
