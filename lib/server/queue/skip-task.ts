import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { skipLease } from "@/lib/server/queue/queue-queries";
import { lockHeldLease } from "@/lib/server/queue/held-lease";
import { decideQualification } from "@/lib/server/quality/qualification";
import { qualificationItemOf } from "@/lib/server/quality/quality-queries";
import type { SessionUser } from "@/lib/server/auth/session-user";

/**
 * Ends a held lease as skipped and gives its slot back for others. The skip row keeps the item
 * from ever being served to this labeler again (rlhf_items_eligible_for). A skip of the last
 * qualification item decides the attempt at once (a skip counts as a miss), as a submit does,
 * in its own transaction after the skip (the standing is locked after the lease nowhere else).
 */
export async function skipTask(user: SessionUser, leaseId: string, reason: string): Promise<void> {
  const projectId = await inTransaction(async (tx) => {
    const lease = await lockHeldLease(tx, leaseId, user.id);
    await skipLease(tx, lease, user.id, reason);
    return qualificationItemOf(tx, lease.itemId);
  });
  if (projectId) await inTransaction((tx) => decideQualification(tx, projectId, user.id));
}
