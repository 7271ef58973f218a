import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { upsertDraft } from "@/lib/server/queue/queue-queries";
import { extendHeldLease, lockHeldLease } from "@/lib/server/queue/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";

/** Keeps the demonstration being written; saving also counts as a heartbeat. */
export async function saveDraft(
  user: SessionUser,
  leaseId: string,
  text: string,
): Promise<{ savedAt: string; expiresAt: string }> {
  return inTransaction(async (tx) => {
    const lease = await lockHeldLease(tx, leaseId, user.id);
    const savedAt = await upsertDraft(tx, lease.itemId, user.id, text);
    const expiresAt = await extendHeldLease(tx, lease);
    return { savedAt: savedAt.toISOString(), expiresAt: expiresAt.toISOString() };
  });
}
