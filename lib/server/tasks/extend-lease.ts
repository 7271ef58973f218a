import "server-only";
import { db } from "@/lib/server/db/client";
import { lockHeldLease } from "@/lib/server/tasks/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";

/** Heartbeat of an open task page: the lease lasts another full lease period. */
export async function extendLease(user: SessionUser, leaseId: string): Promise<{ expiresAt: string }> {
  return db.$transaction(async (tx) => {
    const lease = await lockHeldLease(tx, leaseId, user.id);
    const expiresAt = new Date(Date.now() + lease.project.leaseSeconds * 1000);
    await tx.lease.update({ where: { id: lease.id }, data: { expiresAt } });
    await tx.slot.update({ where: { id: lease.slotId }, data: { leaseExpiresAt: expiresAt } });
    return { expiresAt: expiresAt.toISOString() };
  });
}
