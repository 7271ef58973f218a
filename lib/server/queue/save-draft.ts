import "server-only";
import { db } from "@/lib/server/db/client";
import { extendHeldLease, lockHeldLease } from "@/lib/server/queue/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";

/** Keeps the demonstration being written; saving also counts as a heartbeat. */
export async function saveDraft(
  user: SessionUser,
  leaseId: string,
  text: string,
): Promise<{ savedAt: string; expiresAt: string }> {
  return db.$transaction(async (tx) => {
    const lease = await lockHeldLease(tx, leaseId, user.id);
    const draft = await tx.draft.upsert({
      where: { itemId_labelerId: { itemId: lease.itemId, labelerId: user.id } },
      create: { itemId: lease.itemId, labelerId: user.id, text },
      update: { text },
    });
    const expiresAt = await extendHeldLease(tx, lease);
    return { savedAt: draft.updatedAt.toISOString(), expiresAt: expiresAt.toISOString() };
  });
}
