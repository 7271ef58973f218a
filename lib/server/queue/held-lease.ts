import "server-only";
import type { Tx } from "@/lib/server/db/client";
import { extendLeaseRow, lockLease } from "@/lib/server/queue/queue-queries";
import { AppError } from "@/lib/server/errors";

export interface HeldLease {
  id: string;
  slotId: string;
  itemId: string;
}

/**
 * Locks a lease of this labeler and returns it if it is still held, for the work done on a
 * task in hand (skip, heartbeat, draft save). "Held" is the database function
 * rlhf_lease_is_held (prisma/sql/functions), the same rule the submit applies: the lease is
 * active and its slot still leased to the labeler. A lease past its expiry stays held until a
 * claim takes its slot or the expiry sweep ends it.
 */
export async function lockHeldLease(tx: Tx, leaseId: string, userId: string): Promise<HeldLease> {
  const lease = await lockLease(tx, leaseId);
  // Someone else's lease looks exactly like a missing one.
  if (!lease || lease.labelerId !== userId) throw new AppError("not_found", "No such task");
  // Before the held check: the archive released the lease, and the labeler should learn why.
  if (lease.archived) throw projectArchivedError();
  if (!lease.held) throw leaseLostError(lease.state);
  return { id: lease.id, slotId: lease.slotId, itemId: lease.itemId };
}

/**
 * The 409 for any work on a task of an archived project (its leases were released when it
 * was archived). A paused project still accepts work on tasks in hand.
 */
export function projectArchivedError(): AppError {
  return new AppError("conflict", "This project was archived: its tasks can no longer be worked on", {
    reason: "project_archived",
  });
}

/** The 409 a labeler gets for a lease that is no longer theirs; the UI keeps their work. */
export function leaseLostError(state: string): AppError {
  return new AppError(
    "conflict",
    state === "submitted"
      ? "This task was already submitted"
      : "This task is no longer yours: its lease ran out and it was given to someone else, or it was released",
    { reason: "lease_lost", state },
  );
}

/**
 * The one "extend the lease" (database function rlhf_extend_lease): a full lease period of
 * the project from now, on the lease and its slot. The caller holds the lease (lockHeldLease).
 */
export async function extendHeldLease(tx: Tx, lease: HeldLease): Promise<Date> {
  return extendLeaseRow(tx, lease.id);
}
