import "server-only";
import type { Tx } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";

/**
 * Locks and returns a lease that this labeler still holds. A lease is lost when it was
 * submitted, skipped, released, or expired and its slot given to someone else; an expired
 * lease whose slot nobody took yet still counts as held, so a labeler back from a break
 * loses nothing.
 */
export async function lockHeldLease(tx: Tx, leaseId: string, userId: string) {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM leases WHERE id = ${leaseId}::uuid FOR UPDATE`;
  const lease = rows.length
    ? await tx.lease.findUnique({
        where: { id: leaseId },
        include: { slot: true, project: true },
      })
    : null;
  // Someone else's lease looks exactly like a missing one.
  if (!lease || lease.labelerId !== userId) throw new AppError("not_found", "No such task");
  // Before the held check: the archive released the lease, and the labeler should learn why.
  if (lease.project.status === "archived") throw projectArchivedError();
  const held = lease.state === "active" && lease.slot.state === "leased" && lease.slot.labelerId === userId;
  if (!held) throw leaseLostError(lease.state);
  return lease;
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
