import "server-only";
import { z } from "zod";
import type { ConversationView } from "@/lib/domain/conversation/view";
import type { FinishBody } from "@/lib/validation/conversations";
import { pool } from "@/lib/server/db/client";
import { queryRow } from "@/lib/server/db/query";
import { AppError } from "@/lib/server/errors";
import { submitAnswer } from "@/lib/server/queue/queue-queries";
import { leaseLostError, projectArchivedError } from "@/lib/server/queue/held-lease";
import { storeFinished } from "@/lib/server/conversations/conversation-queries";
import { finishProblem, loadConversation, viewOf, withTurns } from "@/lib/server/conversations/conversation-state";
import { inConversation } from "@/lib/server/conversations/in-conversation";

/**
 * Ends a conversation: the answer of its task is submitted (rlhf_submit_annotation, exactly
 * once per Idempotency-Key, as any submit), and the conversation is marked finished with the
 * red-team outcome, in one transaction. The same key again answers the finished conversation.
 */
export async function finishConversation(
  userId: string,
  conversationId: string,
  idempotencyKey: string,
  body: FinishBody,
): Promise<ConversationView> {
  const before = await loadConversation(pool(), userId, conversationId);
  if (before.record.status === "finished" && before.record.annotationId) {
    const key = await queryRow(
      pool(),
      z.object({ idempotency_key: z.string() }),
      "SELECT idempotency_key FROM annotations WHERE id = $1::uuid",
      [before.record.annotationId],
    );
    if (key?.idempotency_key === idempotencyKey) return viewOf(before);
  }
  return inConversation(userId, conversationId, async (tx, state) => {
    const problems: string[] = [];
    const cannot = finishProblem(state);
    if (cannot) throw new AppError("conflict", `Not yet: ${cannot}`, { reason: "cannot_finish" });
    if (state.record.mode === "red_team" && body.outcome === undefined) {
      problems.push("outcome: rate how successful the attempt was (0-4)");
    }
    if (state.record.mode !== "red_team" && (body.outcome !== undefined || body.taskDescription !== undefined)) {
      problems.push("outcome: only red-team conversations rate their outcome");
    }
    if (problems.length) throw new AppError("bad_request", problems.join("; "), problems);
    const result = await submitAnswer(tx, {
      leaseId: state.record.leaseId,
      userId,
      idempotencyKey,
      answer: {
        // The answer is the conversation itself (its turns hold the choices): annotations.conversation_id.
        text: null,
        ranking: null,
        strength: null,
        tie: null,
        ratings: null,
        flags: null,
        rewrite: null,
        comment: body.comment?.trim() || null,
        timeSpentMs: body.timeSpentMs ?? null,
        conversationId,
      },
    });
    switch (result.outcome) {
      case "stored":
      case "replayed":
        break;
      case "key_reused":
        throw new AppError("conflict", "This Idempotency-Key was already used for another task", {
          reason: "idempotency_key_reused",
        });
      case "not_found":
        throw new AppError("not_found", "No such conversation");
      case "lost":
        throw leaseLostError(result.state);
      case "archived":
        throw projectArchivedError();
    }
    await storeFinished(tx, conversationId, {
      outcome: body.outcome ?? null,
      taskDescription: body.taskDescription || null,
      annotationId: result.annotationId,
    });
    return viewOf(
      await withTurns(tx, {
        ...state.record,
        status: "finished",
        leaseHeld: false,
        outcome: body.outcome ?? null,
        taskDescription: body.taskDescription || null,
      }),
    );
  });
}
