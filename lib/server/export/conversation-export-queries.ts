import "server-only";
import { z } from "zod";
import { queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { storedToolCallsSchema, storedTurnInputSchema, toolDefinitionsSchema } from "@/lib/validation/conversations";
import {
  chatMessagesSchema,
  storedFlagsSchema,
  storedRankingSchema,
  storedRatingsSchema,
} from "@/lib/validation/stored-json";

// The reads of a conversation project's export (docs/EXPORTS.md "Conversation projects"):
// openings (items) with at least one finished conversation, a batch at a time by arrival
// (keyset on seq), then their finished conversations, turns and current replies. Active and
// abandoned conversations are never read. Rows are parsed here, JSON columns once.

export interface ConversationExportFilter {
  projectId: string;
  /** Conversations finished at or after / before these instants (null: no bound). */
  from: Date | null;
  to: Date | null;
}

const FINISHED = `c.status = 'finished' AND ($2::timestamptz IS NULL OR c.finished_at >= $2)
  AND ($3::timestamptz IS NULL OR c.finished_at < $3)`;
const ITEM_FILTER = `i.project_id = $1
  AND EXISTS (SELECT 1 FROM conversations c WHERE c.item_id = i.id AND ${FINISHED})`;

const params = (f: ConversationExportFilter) => [f.projectId, f.from, f.to];

/** How many openings the export will visit. */
export async function countConversationItems(db: Queryable, f: ConversationExportFilter): Promise<number> {
  const row = await queryRow(
    db,
    z.object({ n: z.coerce.number() }),
    `SELECT count(*)::text AS n FROM items i WHERE ${ITEM_FILTER}`,
    params(f),
  );
  return row!.n;
}

const itemRow = z
  .object({ id: z.string(), seq: z.string(), external_id: z.string(), messages: chatMessagesSchema })
  .transform((r) => ({ id: r.id, seq: r.seq, externalId: r.external_id, messages: r.messages }));

/** The next openings after arrival number `after` that have a finished conversation. */
export function conversationItemBatch(db: Queryable, f: ConversationExportFilter, after: string, limit: number) {
  return queryRows(
    db,
    itemRow,
    `SELECT i.id, i.seq::text AS seq, i.external_id, i.messages FROM items i
      WHERE ${ITEM_FILTER} AND i.seq > $4 ORDER BY i.seq LIMIT $5`,
    [...params(f), after, limit],
  );
}

const conversationRow = z
  .object({
    id: z.string(),
    item_id: z.string(),
    labeler_id: z.string(),
    mode: z.enum(["helpfulness", "red_team"]),
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    cost_micros: z.coerce.number().nullable(),
    outcome: z.number().int().nullable(),
    task_description: z.string().nullable(),
    created_at: z.date(),
    finished_at: z.date().nullable(),
    comment: z.string().nullable(),
    time_spent_ms: z.number().int().nullable(),
    guideline_version: z.number().int().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    itemId: r.item_id,
    labelerId: r.labeler_id,
    mode: r.mode,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    costMicros: r.cost_micros,
    outcome: r.outcome,
    taskDescription: r.task_description,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    comment: r.comment,
    timeSpentMs: r.time_spent_ms,
    guidelineVersion: r.guideline_version,
  }));

/** The finished conversations on some openings, oldest finish first, with their finish's answer. */
export function finishedConversations(db: Queryable, f: ConversationExportFilter, itemIds: string[]) {
  return queryRows(
    db,
    conversationRow,
    `SELECT c.id, c.item_id, c.labeler_id, c.mode, c.prompt_tokens, c.completion_tokens, c.cost_micros, c.outcome,
            c.task_description, c.created_at, c.finished_at, a.comment, a.time_spent_ms, a.guideline_version
       FROM conversations c LEFT JOIN annotations a ON a.id = c.annotation_id
      WHERE c.project_id = $1 AND ${FINISHED} AND c.item_id = ANY($4::uuid[])
      ORDER BY c.finished_at, c.id`,
    [...params(f), itemIds],
  );
}

const turnRow = z
  .object({
    id: z.string(),
    conversation_id: z.string(),
    index: z.number().int(),
    input: storedTurnInputSchema,
    ranking: storedRankingSchema.nullable(),
    chosen_reply_id: z.string().nullable(),
    strength: z.number().int().nullable(),
    tie_quality: z.string().nullable(),
    ratings: storedRatingsSchema.nullable(),
    flags: storedFlagsSchema.nullable(),
    harm: z.number().int().nullable(),
    rewrite_text: z.string().nullable(),
    comment: z.string().nullable(),
    time_spent_ms: z.number().int().nullable(),
    guideline_version: z.number().int().nullable(),
    chosen_at: z.date().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    index: r.index,
    input: r.input,
    ranking: r.ranking,
    chosenReplyId: r.chosen_reply_id,
    strength: r.strength,
    tie: r.tie_quality,
    ratings: r.ratings,
    flags: r.flags,
    harm: r.harm,
    rewriteText: r.rewrite_text,
    comment: r.comment,
    timeSpentMs: r.time_spent_ms,
    guidelineVersion: r.guideline_version,
    chosenAt: r.chosen_at,
  }));

/** The turns of some conversations, in order. */
export function conversationTurns(db: Queryable, conversationIds: string[]) {
  return queryRows(
    db,
    turnRow,
    `SELECT id, conversation_id, index, input, ranking, chosen_reply_id, strength, tie_quality, ratings, flags, harm,
            rewrite_text, comment, time_spent_ms, guideline_version, chosen_at
       FROM conversation_turns WHERE conversation_id = ANY($1::uuid[]) ORDER BY conversation_id, index`,
    [conversationIds],
  );
}

const replyRow = z
  .object({
    id: z.string(),
    turn_id: z.string(),
    position: z.number().int(),
    attempt: z.number().int(),
    status: z.string(),
    endpoint_name: z.string(),
    model: z.string(),
    served_model: z.string().nullable(),
    text: z.string(),
    tool_calls: storedToolCallsSchema,
    finish_reason: z.string().nullable(),
    prompt_tokens: z.number().int().nullable(),
    completion_tokens: z.number().int().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    turnId: r.turn_id,
    position: r.position,
    attempt: r.attempt,
    status: r.status,
    endpointName: r.endpoint_name,
    model: r.model,
    servedModel: r.served_model,
    text: r.text,
    toolCalls: r.tool_calls,
    finishReason: r.finish_reason,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
  }));

/** The current attempt of every reply of some conversations' turns (replaced attempts left out). */
export function conversationReplies(db: Queryable, conversationIds: string[]) {
  return queryRows(
    db,
    replyRow,
    `SELECT r.id, r.turn_id, r.position, r.attempt, r.status::text AS status, r.endpoint_name, r.model, r.served_model,
            r.text, r.tool_calls, r.finish_reason, r.prompt_tokens, r.completion_tokens
       FROM conversation_replies r JOIN conversation_turns t ON t.id = r.turn_id
      WHERE t.conversation_id = ANY($1::uuid[]) AND r.replaced_at IS NULL
      ORDER BY r.turn_id, r.position`,
    [conversationIds],
  );
}

/** The project's tools (sent with every turn; a TRL row's `tools` column). */
export async function projectTools(db: Queryable, projectId: string) {
  const row = await queryRow(
    db,
    z.object({ tools: toolDefinitionsSchema }),
    `SELECT tools FROM projects WHERE id = $1::uuid`,
    [projectId],
  );
  return row?.tools ?? [];
}
