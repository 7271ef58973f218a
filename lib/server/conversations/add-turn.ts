import "server-only";
import { inputProblem, replyPlan } from "@/lib/domain/conversation/transcript";
import type { ConversationView } from "@/lib/domain/conversation/view";
import type { TurnBody, TurnInput } from "@/lib/validation/conversations";
import { selectEndpoint, type EndpointRow } from "@/lib/server/models/model-endpoint-queries";
import { samplingDefaults } from "@/lib/server/models/endpoint-client";
import { AppError } from "@/lib/server/errors";
import { pool, type Tx } from "@/lib/server/db/client";
import { insertReplies, insertTurn, type NewReply } from "@/lib/server/conversations/conversation-queries";
import { currentStep, loadConversation, viewOf, withTurns } from "@/lib/server/conversations/conversation-state";
import { inConversation } from "@/lib/server/conversations/in-conversation";

const inputOf = (body: TurnBody): TurnInput =>
  body.message !== undefined
    ? [{ role: "user", content: body.message }]
    : (body.toolResults ?? []).map((r) => ({ role: "tool" as const, tool_call_id: r.toolCallId, content: r.content }));

/**
 * Adds the labeler's next message (or tool results) and the turn's replies, pending: the page
 * then opens the turn's stream (stream-replies.ts), which generates them. `index` makes a retry
 * safe: the same turn again with the same input answers the conversation as it is.
 */
export async function addTurn(userId: string, conversationId: string, body: TurnBody): Promise<ConversationView> {
  const input = inputOf(body);
  const replayed = await replayOf(userId, conversationId, body.index, input);
  if (replayed) return replayed;
  return inConversation(userId, conversationId, async (tx, state) => {
    const step = currentStep(state);
    const index = state.turns.length;
    if (body.index !== undefined && body.index !== index) {
      throw new AppError("conflict", `This conversation is at turn ${index + 1}, not ${body.index + 1}: reload it`, {
        reason: "turn_moved",
      });
    }
    if (step.kind === "replies" || step.kind === "choose") {
      throw new AppError("conflict", "Choose a reply for this turn before writing the next message", {
        reason: "choose_first",
      });
    }
    if (step.kind === "finish") {
      throw new AppError(
        "conflict",
        `This conversation has reached its ${state.record.project.maxTurns} turns: finish it`,
        {
          reason: "max_turns",
        },
      );
    }
    if (step.kind !== "input") throw new AppError("conflict", "This conversation takes no more turns");
    const problem = inputProblem(step.input, input);
    if (problem) throw new AppError("bad_request", problem);
    const replies = await plannedReplies(tx, state.record.project);
    const turnId = await insertTurn(tx, { conversationId, index, input });
    await insertReplies(tx, turnId, userId, replies);
    return viewOf(await withTurns(tx, state.record));
  });
}

/** The same turn sent again (a retry after a lost answer): the conversation as it is now. */
async function replayOf(userId: string, conversationId: string, index: number | undefined, input: TurnInput) {
  if (index === undefined) return null;
  const state = await loadConversation(pool(), userId, conversationId);
  const turn = state.turns.find((t) => t.index === index);
  if (!turn) return null;
  if (JSON.stringify(turn.input) !== JSON.stringify(input)) {
    throw new AppError("conflict", `Turn ${index + 1} was already sent with another message: reload the conversation`, {
      reason: "turn_moved",
    });
  }
  return viewOf(state);
}

/** Where each reply comes from, with the sampling sent (an endpoint's own seed moves on per sample). */
export async function plannedReplies(
  tx: Tx,
  project: { replyCount: number; replySource: "sample" | "models"; replyEndpointIds: string[] },
  attempt = 1,
): Promise<NewReply[]> {
  const endpoints: EndpointRow[] = [];
  for (const id of project.replyEndpointIds) {
    const row = await selectEndpoint(tx, { id });
    if (row) endpoints.push(row);
  }
  if (endpoints.length === 0) {
    throw new AppError(
      "conflict",
      "This project has no model to talk to yet: an admin sets its endpoints in Settings",
      {
        reason: "no_endpoints",
      },
    );
  }
  return replyPlan(project.replySource, project.replyCount, endpoints.length).map((plan) => {
    const endpoint = endpoints[plan.endpoint]!;
    const params: Record<string, unknown> = { ...samplingDefaults(endpoint) };
    if (typeof params.seed === "number") params.seed = params.seed + plan.sample;
    return {
      position: plan.position,
      attempt,
      endpointId: endpoint.id,
      endpointName: endpoint.name,
      model: endpoint.model,
      params,
    };
  });
}
