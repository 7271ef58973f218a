import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { upsertDraft } from "@/lib/server/queue/queue-queries";
import { extendHeldLease, lockHeldLease } from "@/lib/server/queue/held-lease";
import type { SessionUser } from "@/lib/server/auth/session-user";
import type { DraftBody } from "@/lib/validation/tasks";

/**
 * Keeps the task's draft (a demonstration's text, a comparison's or ranking's answer, the
 * time spent); saving also counts as a heartbeat. A string is a demonstration's text.
 */
export async function saveDraft(
  user: SessionUser,
  leaseId: string,
  draft: string | DraftBody,
): Promise<{ savedAt: string; expiresAt: string }> {
  return inTransaction(async (tx) => {
    const lease = await lockHeldLease(tx, leaseId, user.id);
    const savedAt = await upsertDraft(tx, lease.itemId, user.id, typeof draft === "string" ? { text: draft } : draft);
    const expiresAt = await extendHeldLease(tx, lease);
    return { savedAt: savedAt.toISOString(), expiresAt: expiresAt.toISOString() };
  });
}
