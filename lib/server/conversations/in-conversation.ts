import "server-only";
import { inTransaction, type Tx } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { extendHeldLease, lockHeldLease } from "@/lib/server/queue/held-lease";
import { lockConversation, selectConversation } from "@/lib/server/conversations/conversation-queries";
import { noSuchConversation, withTurns, type ConversationState } from "@/lib/server/conversations/conversation-state";

/**
 * Runs a change to a conversation in one transaction, in the lock order every writer keeps: the
 * lease (it must still be held by this labeler: the rule a submit applies), then the conversation
 * row. Any work on the conversation extends the lease, as a heartbeat does.
 */
export async function inConversation<T>(
  userId: string,
  conversationId: string,
  body: (tx: Tx, state: ConversationState) => Promise<T>,
): Promise<T> {
  return inTransaction(async (tx) => {
    const found = await selectConversation(tx, conversationId);
    if (!found || found.labelerId !== userId || !found.isMember) throw noSuchConversation();
    const lease = await lockHeldLease(tx, found.leaseId, userId);
    const record = await lockConversation(tx, conversationId);
    if (!record) throw noSuchConversation();
    if (record.status !== "active")
      throw new AppError("conflict", "This conversation is already finished", { reason: "finished" });
    await extendHeldLease(tx, lease);
    return body(tx, await withTurns(tx, record));
  });
}
