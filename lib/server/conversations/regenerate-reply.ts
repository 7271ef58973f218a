import "server-only";
import { canRegenerate, type ConversationView } from "@/lib/domain/conversation/view";
import { AppError } from "@/lib/server/errors";
import { insertReplies, replaceReply } from "@/lib/server/conversations/conversation-queries";
import { viewOf, withTurns } from "@/lib/server/conversations/conversation-state";
import { inConversation } from "@/lib/server/conversations/in-conversation";

/** Attempts at one reply position, the first included. */
export const MAX_ATTEMPTS = 5;

/**
 * A new attempt at a reply that failed or stopped before its end, from the same endpoint with
 * the same sampling; the old attempt is kept, marked replaced. Nothing chosen is touched: only
 * the replies of the turn being answered can be regenerated.
 */
export async function regenerateReply(
  userId: string,
  conversationId: string,
  index: number,
  position: number,
): Promise<ConversationView> {
  return inConversation(userId, conversationId, async (tx, state) => {
    const turn = state.turns.find((t) => t.index === index);
    if (!turn) throw new AppError("not_found", `This conversation has no turn ${index + 1}`);
    if (turn.chosenReplyId)
      throw new AppError("conflict", "A reply was already chosen at this turn", { reason: "already_chosen" });
    const reply = state.replies.find((r) => r.turnId === turn.id && r.position === position);
    if (!reply) throw new AppError("not_found", `Turn ${index + 1} has no reply ${position + 1}`);
    if (!canRegenerate(reply.status)) {
      throw new AppError(
        "conflict",
        reply.status === "done" ? "This reply is complete" : "This reply is still being generated",
        { reason: "not_regenerable", status: reply.status },
      );
    }
    if (reply.attempt >= MAX_ATTEMPTS) {
      throw new AppError(
        "conflict",
        `This reply failed ${MAX_ATTEMPTS} times: skip the conversation or tell an admin`,
        {
          reason: "too_many_attempts",
        },
      );
    }
    await replaceReply(tx, reply.id);
    await insertReplies(tx, turn.id, userId, [
      {
        position,
        attempt: reply.attempt + 1,
        endpointId: reply.endpointId ?? "",
        endpointName: reply.endpointName,
        model: reply.model,
        params: reply.params,
      },
    ]);
    return viewOf(await withTurns(tx, state.record));
  });
}
