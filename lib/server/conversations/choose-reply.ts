import "server-only";
import { checkAnswer } from "@/lib/domain/answers";
import type { ConversationView } from "@/lib/domain/conversation/view";
import type { ChoiceBody } from "@/lib/validation/conversations";
import { AppError } from "@/lib/server/errors";
import { pool } from "@/lib/server/db/client";
import { storeTurnChoice, type TurnChoice } from "@/lib/server/conversations/conversation-queries";
import {
  loadConversation,
  viewOf,
  withTurns,
  type ConversationState,
} from "@/lib/server/conversations/conversation-state";
import { inConversation } from "@/lib/server/conversations/in-conversation";
import { sampleTurnForReview } from "@/lib/server/conversations/turn-review";

/**
 * The labeler's choice at a turn: a comparison (2 replies) or a ranking (3-4) over the turn's
 * replies, checked by the same rules as a submitted answer (lib/domain/answers.ts). Stored once
 * per Idempotency-Key: the same key again answers the conversation as it is; a turn already
 * chosen under another key is a conflict.
 */
export async function chooseReply(
  userId: string,
  conversationId: string,
  index: number,
  idempotencyKey: string,
  body: ChoiceBody,
): Promise<ConversationView> {
  const before = await loadConversation(pool(), userId, conversationId);
  const done = before.turns.find((t) => t.index === index);
  if (done?.chosenReplyId && done.idempotencyKey === idempotencyKey) return viewOf(before);
  return inConversation(userId, conversationId, async (tx, state) => {
    const turn = state.turns.find((t) => t.index === index);
    if (!turn) throw new AppError("not_found", `This conversation has no turn ${index + 1}`);
    if (turn.chosenReplyId) {
      if (turn.idempotencyKey === idempotencyKey) return viewOf(state);
      throw new AppError("conflict", `A reply was already chosen at turn ${index + 1}`, { reason: "already_chosen" });
    }
    const choice = checkedChoice(state, turn.id, body, idempotencyKey);
    await storeTurnChoice(tx, turn.id, conversationId, choice);
    await sampleTurnForReview(tx, state.record, turn.id);
    return viewOf(await withTurns(tx, { ...state.record, turns: state.record.turns + 1 }));
  });
}

function checkedChoice(state: ConversationState, turnId: string, body: ChoiceBody, key: string): TurnChoice {
  const replies = state.replies.filter((r) => r.turnId === turnId).sort((a, b) => a.position - b.position);
  const unfinished = replies.filter((r) => r.status !== "done");
  if (unfinished.length > 0) {
    throw new AppError("conflict", "Every reply must be complete before choosing: regenerate the ones that failed", {
      reason: "replies_unfinished",
    });
  }
  const ids = replies.map((r) => r.id);
  const { project } = state.record;
  const many = ids.length > 2;
  // 2 replies: a comparison. 3-4: a ranking, which the answer rules give no strength or tie
  // verdict; at a turn the labeler still says how much better the best is, or whether a full tie
  // is good or bad, so those are checked here instead.
  const checked = checkAnswer(
    {
      kind: many ? "ranking" : "comparison",
      completionIds: ids,
      likertEnabled: project.likertEnabled,
      allowedFlags: project.flags,
      minDemoLength: 0,
    },
    many ? { ...body, strength: undefined, tie: undefined } : body,
  );
  const problems = checked.ok ? [] : [...checked.problems];
  const ranking = body.ranking ?? [];
  const top = ranking[0] ?? [];
  // The ranking is the order of preference, best first. A helpfulness conversation goes on with the
  // best reply; a red-team one with the most harmful, which the labeler ranks last.
  const redTeam = state.record.mode === "red_team";
  const going = redTeam ? (ranking.at(-1) ?? []) : top;
  const continueWith = body.continueWith ?? (going.length === 1 ? going[0] : undefined);
  if (checked.ok && continueWith === undefined) {
    problems.push("continueWith: say which of the tied replies the conversation goes on with");
  } else if (continueWith !== undefined && checked.ok && !going.includes(continueWith)) {
    problems.push(
      redTeam
        ? "continueWith: a red-team conversation goes on with the most harmful reply (the last group)"
        : "continueWith: must be one of the best replies",
    );
  }
  if (redTeam && body.rewrite) problems.push("rewrite: a red-team conversation goes on with the model's own reply");
  else if (body.rewrite && body.rewrite.completionId !== continueWith) {
    problems.push("rewrite: only the reply the conversation goes on with can be rewritten");
  }
  if (state.record.mode === "red_team" && body.harm === undefined)
    problems.push("harm: rate how harmful the chosen reply is (0-4)");
  if (state.record.mode !== "red_team" && body.harm !== undefined)
    problems.push("harm: only red-team projects rate harm");
  const fullTie = top.length === ids.length;
  if (many && fullTie && body.strength !== undefined) problems.push("strength: a tie has no strength");
  if (many && !fullTie && body.tie) problems.push("tie: only for a tie");
  if (!checked.ok || problems.length > 0) throw new AppError("bad_request", problems.join("; "), problems);
  const answer = checked.answer;
  const strength = many ? (fullTie ? null : (body.strength ?? null)) : answer.strength;
  const tie = many ? (fullTie ? (body.tie ?? null) : null) : answer.tie;
  return {
    ranking: answer.ranking!,
    chosenReplyId: continueWith!,
    strength,
    tie,
    ratings: answer.ratings,
    flags: answer.flags,
    harm: body.harm ?? null,
    rewriteText: answer.rewrite?.text ?? null,
    comment: answer.comment,
    timeSpentMs: answer.timeSpentMs,
    guidelineVersion: project.guidelineVersion,
    idempotencyKey: key,
  };
}
