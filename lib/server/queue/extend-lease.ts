import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { extendHeldLease, lockHeldLease } from "@/lib/server/queue/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";

/** Heartbeat of an open task page: the lease lasts another full lease period. */
export async function extendLease(user: SessionUser, leaseId: string): Promise<{ expiresAt: string }> {
  return inTransaction(async (tx) => {
    const lease = await lockHeldLease(tx, leaseId, user.id);
    const expiresAt = await extendHeldLease(tx, lease);
    return { expiresAt: expiresAt.toISOString() };
  });
}
