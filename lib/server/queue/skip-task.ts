import "server-only";
import { db } from "@/lib/server/db/client";
import { lockHeldLease } from "@/lib/server/queue/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";

/**
 * Ends a held lease as skipped and gives its slot back for others. The skip row keeps the item
 * from ever being served to this labeler again (rlhf_items_eligible_for).
 */
export async function skipTask(user: SessionUser, leaseId: string, reason: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const lease = await lockHeldLease(tx, leaseId, user.id);
    await tx.skip.upsert({
      where: { itemId_labelerId: { itemId: lease.itemId, labelerId: user.id } },
      create: { itemId: lease.itemId, labelerId: user.id, reason },
      update: { reason },
    });
    await tx.lease.update({ where: { id: lease.id }, data: { state: "skipped", endedAt: new Date() } });
    await tx.slot.update({
      where: { id: lease.slotId },
      data: { state: "open", labelerId: null, leaseExpiresAt: null },
    });
  });
}
