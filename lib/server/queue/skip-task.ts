import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { skipLease } from "@/lib/server/queue/queue-queries";
import { lockHeldLease } from "@/lib/server/queue/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";

/**
 * Ends a held lease as skipped and gives its slot back for others. The skip row keeps the item
 * from ever being served to this labeler again (rlhf_items_eligible_for).
 */
export async function skipTask(user: SessionUser, leaseId: string, reason: string): Promise<void> {
  await inTransaction(async (tx) => {
    const lease = await lockHeldLease(tx, leaseId, user.id);
    await skipLease(tx, lease, user.id, reason);
  });
}
