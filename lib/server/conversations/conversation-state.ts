import "server-only";
import { nextInput, type ModelMessage, type TurnView } from "@/lib/domain/conversation/transcript";
import type { ConversationStep, ConversationView } from "@/lib/domain/conversation/view";
import { pool } from "@/lib/server/db/client";
import type { Queryable } from "@/lib/server/db/query";
import { AppError } from "@/lib/server/errors";
import {
  selectConversation,
  selectReplies,
  selectTurns,
  type ConversationRecord,
  type ReplyRecord,
  type TurnRecord,
} from "@/lib/server/conversations/conversation-queries";

export interface ConversationState {
  record: ConversationRecord;
  turns: TurnRecord[];
  /** The current attempt at each position of each turn. */
  replies: ReplyRecord[];
}

/** Someone else's conversation looks exactly like a missing one. */
export const noSuchConversation = () => new AppError("not_found", "No such conversation");

export async function loadConversation(
  db: Queryable,
  userId: string,
  conversationId: string,
): Promise<ConversationState> {
  const record = await selectConversation(db, conversationId);
  // A labeler removed from the project no longer sees its conversations, their own included.
  if (!record || record.labelerId !== userId || !record.isMember) throw noSuchConversation();
  return withTurns(db, record);
}

/** The labeler's own conversation as the page and the API show it. */
export async function conversationView(userId: string, conversationId: string): Promise<ConversationView> {
  return viewOf(await loadConversation(pool(), userId, conversationId));
}

export async function withTurns(db: Queryable, record: ConversationRecord): Promise<ConversationState> {
  const [turns, replies] = await Promise.all([selectTurns(db, record.id), selectReplies(db, record.id)]);
  return { record, turns, replies };
}

/** The opening as messages for the model (an imported item's prompt; empty for the labeler's own). */
export const openingOf = (record: ConversationRecord): ModelMessage[] => record.opening as ModelMessage[];

/** The turns with their current replies, as the pure transcript functions take them. */
export function turnViews(state: ConversationState): TurnView[] {
  return state.turns.map((t) => ({
    index: t.index,
    input: t.input,
    chosenReplyId: t.chosenReplyId,
    rewriteText: t.rewriteText,
    replies: state.replies
      .filter((r) => r.turnId === t.id)
      .map((r) => ({ id: r.id, position: r.position, text: r.text, toolCalls: r.toolCalls })),
  }));
}

export function currentStep(state: ConversationState): ConversationStep {
  const { record, turns, replies } = state;
  if (record.status === "finished") return { kind: "finished" };
  if (record.status === "abandoned" || !record.leaseHeld || record.project.status === "archived")
    return { kind: "closed" };
  const last = turns.at(-1);
  if (last && last.chosenReplyId === null) {
    const own = replies.filter((r) => r.turnId === last.id);
    return own.every((r) => r.status === "done")
      ? { kind: "choose", turn: last.index }
      : { kind: "replies", turn: last.index };
  }
  if (record.turns >= record.project.maxTurns) return { kind: "finish" };
  return { kind: "input", input: nextInput(openingOf(record), turnViews(state)) };
}

export function finishProblem(state: ConversationState): string | null {
  const { record, turns } = state;
  if (record.status !== "active") return "this conversation is over";
  if (turns.at(-1)?.chosenReplyId === null) return "choose a reply for the last turn first";
  if (record.turns < record.project.minTurns) {
    const left = record.project.minTurns - record.turns;
    return `at least ${record.project.minTurns} turn${record.project.minTurns === 1 ? "" : "s"} before finishing (${left} more)`;
  }
  return null;
}

export function viewOf(state: ConversationState): ConversationView {
  const { record } = state;
  return {
    id: record.id,
    leaseId: record.leaseId,
    status: record.status,
    mode: record.mode,
    itemNumber: record.itemNumber,
    expiresAt: record.leaseExpiresAt.toISOString(),
    project: {
      slug: record.project.slug,
      name: record.project.name,
      replyCount: record.project.replyCount,
      minTurns: record.project.minTurns,
      maxTurns: record.project.maxTurns,
      likertEnabled: record.project.likertEnabled,
      flags: record.project.flags,
    },
    opening: openingOf(record),
    turns: state.turns.map((t) => ({
      index: t.index,
      input: t.input,
      chosenReplyId: t.chosenReplyId,
      ranking: t.ranking,
      strength: t.strength,
      harm: t.harm,
      rewriteText: t.rewriteText,
      ratings: t.ratings,
      flags: t.flags,
      comment: t.comment,
      replies: state.replies
        .filter((r) => r.turnId === t.id)
        .map((r) => ({
          id: r.id,
          position: r.position,
          status: r.status,
          text: r.text,
          toolCalls: r.toolCalls,
          finishReason: r.finishReason,
          error: r.error,
          attempt: r.attempt,
        })),
    })),
    chosenTurns: record.turns,
    step: currentStep(state),
    finishProblem: finishProblem(state),
    promptTokens: record.promptTokens,
    completionTokens: record.completionTokens,
    outcome: record.outcome,
    taskDescription: record.taskDescription,
  };
}
