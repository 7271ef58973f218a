import "server-only";
import { storedProjectStatusSchema } from "@/lib/validation/projects";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import {
  storedToolCallsSchema,
  storedTurnInputSchema,
  toolDefinitionsSchema,
  type ToolCall,
  type TurnInput,
} from "@/lib/validation/conversations";
import { storedFlagsSchema, storedRankingSchema, storedRatingsSchema } from "@/lib/validation/stored-json";

// Every statement on conversations, their turns and replies (docs/CONVERSATIONS.md), rows parsed
// once here. Writers lock the conversation row first (lockConversation), after the lease.

const openingMessageSchema = z.union([
  z.object({ role: z.enum(["system", "user"]), content: z.string() }),
  z.object({
    role: z.literal("assistant"),
    content: z
      .string()
      .nullable()
      .transform((c) => c ?? ""),
    tool_calls: storedToolCallsSchema.optional(),
  }),
  z.object({ role: z.literal("tool"), tool_call_id: z.string(), content: z.string() }),
]);

const conversationRow = z
  .object({
    id: z.string(),
    project_id: z.string(),
    item_id: z.string(),
    lease_id: z.string(),
    labeler_id: z.string(),
    status: z.enum(["active", "finished", "abandoned"]),
    mode: z.enum(["helpfulness", "red_team"]),
    turns: z.number().int(),
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    cost_micros: z.coerce.number().nullable(),
    outcome: z.number().int().nullable(),
    task_description: z.string().nullable(),
    annotation_id: z.string().nullable(),
    created_at: z.date(),
    finished_at: z.date().nullable(),
    opening: z.array(openingMessageSchema),
    item_number: z.number().int(),
    lease_expires_at: z.date(),
    lease_held: z.boolean(),
    is_member: z.boolean(),
    project_slug: z.string(),
    project_name: z.string(),
    project_status: storedProjectStatusSchema,
    reply_count: z.number().int(),
    reply_source: z.enum(["sample", "models"]),
    reply_endpoint_ids: z.array(z.string()),
    min_turns: z.number().int(),
    max_turns: z.number().int(),
    max_concurrent_generations: z.number().int(),
    likert_enabled: z.boolean(),
    flags: z.array(z.string()),
    tools: toolDefinitionsSchema,
    guideline_version: z.number().int(),
    turn_review_rate: z.number(),
    turn_review_project_id: z.string().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    projectId: r.project_id,
    itemId: r.item_id,
    leaseId: r.lease_id,
    labelerId: r.labeler_id,
    status: r.status,
    mode: r.mode,
    turns: r.turns,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    costMicros: r.cost_micros,
    outcome: r.outcome,
    taskDescription: r.task_description,
    annotationId: r.annotation_id,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    opening: r.opening,
    itemNumber: r.item_number,
    leaseExpiresAt: r.lease_expires_at,
    leaseHeld: r.lease_held,
    isMember: r.is_member,
    project: {
      id: r.project_id,
      slug: r.project_slug,
      name: r.project_name,
      status: r.project_status,
      replyCount: r.reply_count,
      replySource: r.reply_source,
      replyEndpointIds: r.reply_endpoint_ids,
      minTurns: r.min_turns,
      maxTurns: r.max_turns,
      maxConcurrentGenerations: r.max_concurrent_generations,
      likertEnabled: r.likert_enabled,
      flags: r.flags,
      tools: r.tools,
      guidelineVersion: r.guideline_version,
      turnReviewRate: r.turn_review_rate,
      turnReviewProjectId: r.turn_review_project_id,
    },
  }));
export type ConversationRecord = z.output<typeof conversationRow>;

const CONVERSATION_SELECT = `
  SELECT c.*, i.messages AS opening, i.number AS item_number, l.expires_at AS lease_expires_at,
         COALESCE(rlhf_lease_is_held(l.state, l.labeler_id, s.state, s.labeler_id), false) AS lease_held,
         EXISTS (SELECT 1 FROM memberships m WHERE m.project_id = c.project_id AND m.user_id = c.labeler_id) AS is_member,
         p.slug AS project_slug, p.name AS project_name, p.status::text AS project_status,
         p.reply_count, p.reply_source, p.reply_endpoint_ids::text[] AS reply_endpoint_ids, p.min_turns, p.max_turns,
         p.max_concurrent_generations, p.likert_enabled, p.flags, p.tools, p.guideline_version,
         p.turn_review_rate, p.turn_review_project_id
    FROM conversations c
    JOIN items i ON i.id = c.item_id
    JOIN leases l ON l.id = c.lease_id
    JOIN slots s ON s.id = l.slot_id
    JOIN projects p ON p.id = c.project_id`;

export function selectConversation(db: Queryable, id: string) {
  return queryRow(db, conversationRow, `${CONVERSATION_SELECT} WHERE c.id = $1::uuid`, [id]);
}

export function selectConversationOfLease(db: Queryable, leaseId: string) {
  return queryRow(db, conversationRow, `${CONVERSATION_SELECT} WHERE c.lease_id = $1::uuid`, [leaseId]);
}

/** Locks the conversation row (every writer of its turns takes it, after the lease). */
export function lockConversation(db: Queryable, id: string) {
  return queryRow(db, conversationRow, `${CONVERSATION_SELECT} WHERE c.id = $1::uuid FOR UPDATE OF c`, [id]);
}

/** The conversation of a lease, made on the first call (the lease's unique key makes it one). */
export async function insertConversation(
  db: Queryable,
  values: { projectId: string; itemId: string; leaseId: string; labelerId: string },
): Promise<void> {
  await execute(
    db,
    `INSERT INTO conversations (id, project_id, item_id, lease_id, labeler_id, mode)
     SELECT gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4::uuid, p.conversation_mode
       FROM projects p WHERE p.id = $1::uuid
     ON CONFLICT (lease_id) DO NOTHING`,
    [values.projectId, values.itemId, values.leaseId, values.labelerId],
  );
}

const leaseOfRow = z
  .object({
    id: z.string(),
    project_id: z.string(),
    item_id: z.string(),
    labeler_id: z.string(),
    kind: z.string(),
  })
  .transform((r) => ({ id: r.id, projectId: r.project_id, itemId: r.item_id, labelerId: r.labeler_id, kind: r.kind }));

export function selectLeaseForConversation(db: Queryable, leaseId: string) {
  return queryRow(
    db,
    leaseOfRow,
    `SELECT l.id, l.project_id, l.item_id, l.labeler_id, p.kind::text AS kind
       FROM leases l JOIN projects p ON p.id = l.project_id WHERE l.id = $1::uuid`,
    [leaseId],
  );
}

const turnRow = z
  .object({
    id: z.string(),
    index: z.number().int(),
    input: storedTurnInputSchema,
    ranking: storedRankingSchema.nullable(),
    chosen_reply_id: z.string().nullable(),
    strength: z.number().int().nullable(),
    tie_quality: z.enum(["good", "bad"]).nullable(),
    ratings: storedRatingsSchema.nullable(),
    flags: storedFlagsSchema.nullable(),
    harm: z.number().int().nullable(),
    rewrite_text: z.string().nullable(),
    comment: z.string().nullable(),
    time_spent_ms: z.number().int().nullable(),
    guideline_version: z.number().int().nullable(),
    idempotency_key: z.string().nullable(),
    created_at: z.date(),
    chosen_at: z.date().nullable(),
    review_item_id: z.string().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    index: r.index,
    input: r.input,
    ranking: r.ranking,
    chosenReplyId: r.chosen_reply_id,
    strength: r.strength,
    tieQuality: r.tie_quality,
    ratings: r.ratings,
    flags: r.flags,
    harm: r.harm,
    rewriteText: r.rewrite_text,
    comment: r.comment,
    timeSpentMs: r.time_spent_ms,
    guidelineVersion: r.guideline_version,
    idempotencyKey: r.idempotency_key,
    createdAt: r.created_at,
    chosenAt: r.chosen_at,
    reviewItemId: r.review_item_id,
  }));
export type TurnRecord = z.output<typeof turnRow>;

export function selectTurns(db: Queryable, conversationId: string) {
  return queryRows(db, turnRow, `SELECT * FROM conversation_turns WHERE conversation_id = $1::uuid ORDER BY index`, [
    conversationId,
  ]);
}

const replyRow = z
  .object({
    id: z.string(),
    turn_id: z.string(),
    position: z.number().int(),
    attempt: z.number().int(),
    replaced_at: z.date().nullable(),
    endpoint_id: z.string().nullable(),
    endpoint_name: z.string(),
    model: z.string(),
    served_model: z.string().nullable(),
    params: z.record(z.string(), z.unknown()),
    status: z.enum(["pending", "streaming", "done", "failed", "interrupted"]),
    text: z.string(),
    tool_calls: storedToolCallsSchema,
    finish_reason: z.string().nullable(),
    error_kind: z.string().nullable(),
    error: z.string().nullable(),
    prompt_tokens: z.number().int().nullable(),
    completion_tokens: z.number().int().nullable(),
    first_token_ms: z.number().int().nullable(),
    latency_ms: z.number().int().nullable(),
    started_at: z.date().nullable(),
    finished_at: z.date().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    turnId: r.turn_id,
    position: r.position,
    attempt: r.attempt,
    replacedAt: r.replaced_at,
    endpointId: r.endpoint_id,
    endpointName: r.endpoint_name,
    model: r.model,
    servedModel: r.served_model,
    params: r.params,
    status: r.status,
    text: r.text,
    toolCalls: r.tool_calls,
    finishReason: r.finish_reason,
    errorKind: r.error_kind,
    error: r.error,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    firstTokenMs: r.first_token_ms,
    latencyMs: r.latency_ms,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  }));
export type ReplyRecord = z.output<typeof replyRow>;

/** The current attempt of every reply of the conversation (replaced ones too when asked). */
export function selectReplies(db: Queryable, conversationId: string, options: { replaced?: boolean } = {}) {
  return queryRows(
    db,
    replyRow,
    `SELECT r.* FROM conversation_replies r JOIN conversation_turns t ON t.id = r.turn_id
      WHERE t.conversation_id = $1::uuid ${options.replaced ? "" : "AND r.replaced_at IS NULL"}
      ORDER BY t.index, r.position, r.attempt`,
    [conversationId],
  );
}

export async function insertTurn(
  db: Queryable,
  values: { conversationId: string; index: number; input: TurnInput },
): Promise<string> {
  const row = await queryRow(
    db,
    z.object({ id: z.string() }),
    `INSERT INTO conversation_turns (id, conversation_id, index, input)
     VALUES (gen_random_uuid(), $1::uuid, $2, $3::jsonb) RETURNING id`,
    [values.conversationId, values.index, JSON.stringify(values.input)],
  );
  return row!.id;
}

export interface NewReply {
  position: number;
  attempt: number;
  endpointId: string;
  endpointName: string;
  model: string;
  params: Record<string, unknown>;
}

export async function insertReplies(db: Queryable, turnId: string, labelerId: string, replies: NewReply[]) {
  await execute(
    db,
    `INSERT INTO conversation_replies (id, turn_id, position, attempt, labeler_id, endpoint_id, endpoint_name, model, params)
     SELECT gen_random_uuid(), $1::uuid, r.position, r.attempt, $2::uuid, r.endpoint_id, r.endpoint_name, r.model, r.params
       FROM jsonb_to_recordset($3::jsonb) AS r(position int, attempt int, endpoint_id uuid, endpoint_name text, model text, params jsonb)`,
    [
      turnId,
      labelerId,
      JSON.stringify(
        replies.map((r) => ({
          position: r.position,
          attempt: r.attempt,
          endpoint_id: r.endpointId,
          endpoint_name: r.endpointName,
          model: r.model,
          params: r.params,
        })),
      ),
    ],
  );
}

/** Marks a failed or interrupted reply replaced, so that a new attempt can take its position. */
export function replaceReply(db: Queryable, replyId: string) {
  return execute(
    db,
    `UPDATE conversation_replies SET replaced_at = now() WHERE id = $1::uuid AND replaced_at IS NULL`,
    [replyId],
  );
}

/**
 * Serialises the generation starts of one labeler (across tabs and app instances) so that the
 * count below and the claim after it see each other: a transaction-scoped advisory lock.
 */
export async function lockLabelerGenerations(db: Queryable, labelerId: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtextextended('rlhf:generations:' || $1, 0))`, [labelerId]);
}

/** Replies left streaming by an instance that died are over after this long. */
export const STALE_STREAM_SECONDS = 300;

/** The labeler's replies streaming now (a stale one, from an instance that died, is interrupted first). */
export async function runningReplies(db: Queryable, labelerId: string): Promise<number> {
  await execute(
    db,
    `UPDATE conversation_replies SET status = 'interrupted', error_kind = 'cut', error = 'the stream stopped (server restarted)',
            finished_at = now()
      WHERE labeler_id = $1::uuid AND status = 'streaming' AND started_at < now() - make_interval(secs => $2)`,
    [labelerId, STALE_STREAM_SECONDS],
  );
  const row = await queryRow(
    db,
    z.object({ n: z.number().int() }),
    `SELECT count(*)::int AS n FROM conversation_replies WHERE labeler_id = $1::uuid AND status = 'streaming'`,
    [labelerId],
  );
  return row!.n;
}

/** Marks the given pending replies streaming; returns the ones it took. */
export function startReplies(db: Queryable, replyIds: string[]) {
  return queryRows(
    db,
    replyRow,
    `UPDATE conversation_replies SET status = 'streaming', started_at = now(), text = '', tool_calls = '[]',
            error = NULL, error_kind = NULL
      WHERE id = ANY($1::uuid[]) AND status = 'pending' AND replaced_at IS NULL RETURNING *`,
    [replyIds],
  );
}

export interface ReplyOutcome {
  status: "done" | "failed" | "interrupted";
  text: string;
  toolCalls: ToolCall[];
  servedModel: string | null;
  finishReason: string | null;
  errorKind: string | null;
  error: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  firstTokenMs: number | null;
  latencyMs: number;
  costMicros: number | null;
}

/**
 * Stores how a reply ended and adds its tokens and cost to the conversation, in one statement.
 * Only a reply still streaming is written: a second writer (a stale sweep) changes nothing.
 */
export async function storeReplyOutcome(db: Queryable, replyId: string, outcome: ReplyOutcome): Promise<boolean> {
  const row = await queryRow(
    db,
    z.object({ n: z.number().int() }),
    `WITH r AS (
       UPDATE conversation_replies
          SET status = $2::"ReplyStatus", text = $3, tool_calls = $4::jsonb, served_model = $5, finish_reason = $6,
              error_kind = $7, error = $8, prompt_tokens = $9, completion_tokens = $10, first_token_ms = $11,
              latency_ms = $12, finished_at = now()
        WHERE id = $1::uuid AND status = 'streaming'
        RETURNING turn_id),
     c AS (
       UPDATE conversations c
          SET prompt_tokens = c.prompt_tokens + COALESCE($9, 0),
              completion_tokens = c.completion_tokens + COALESCE($10, 0),
              cost_micros = CASE WHEN $13::bigint IS NULL THEN c.cost_micros ELSE COALESCE(c.cost_micros, 0) + $13::bigint END
         FROM r JOIN conversation_turns t ON t.id = r.turn_id
        WHERE c.id = t.conversation_id
        RETURNING 1)
     SELECT (SELECT count(*) FROM c)::int AS n`,
    [
      replyId,
      outcome.status,
      outcome.text,
      JSON.stringify(outcome.toolCalls),
      outcome.servedModel,
      outcome.finishReason,
      outcome.errorKind,
      outcome.error,
      outcome.promptTokens,
      outcome.completionTokens,
      outcome.firstTokenMs,
      outcome.latencyMs,
      outcome.costMicros,
    ],
  );
  return row!.n > 0;
}

export interface TurnChoice {
  ranking: string[][];
  chosenReplyId: string;
  strength: number | null;
  tie: "good" | "bad" | null;
  ratings: Record<string, number> | null;
  flags: Record<string, string[]> | null;
  harm: number | null;
  rewriteText: string | null;
  comment: string | null;
  timeSpentMs: number | null;
  guidelineVersion: number;
  idempotencyKey: string;
}

export async function storeTurnChoice(db: Queryable, turnId: string, conversationId: string, choice: TurnChoice) {
  await execute(
    db,
    `UPDATE conversation_turns
        SET ranking = $2::jsonb, chosen_reply_id = $3::uuid, strength = $4, tie_quality = $5, ratings = $6::jsonb,
            flags = $7::jsonb, harm = $8, rewrite_text = $9, comment = $10, time_spent_ms = $11, guideline_version = $12,
            idempotency_key = $13, chosen_at = now()
      WHERE id = $1::uuid`,
    [
      turnId,
      JSON.stringify(choice.ranking),
      choice.chosenReplyId,
      choice.strength,
      choice.tie,
      choice.ratings === null ? null : JSON.stringify(choice.ratings),
      choice.flags === null ? null : JSON.stringify(choice.flags),
      choice.harm,
      choice.rewriteText,
      choice.comment,
      choice.timeSpentMs,
      choice.guidelineVersion,
      choice.idempotencyKey,
    ],
  );
  await execute(db, `UPDATE conversations SET turns = turns + 1 WHERE id = $1::uuid`, [conversationId]);
}

export async function storeFinished(
  db: Queryable,
  conversationId: string,
  values: { outcome: number | null; taskDescription: string | null; annotationId: string },
) {
  await execute(
    db,
    `UPDATE conversations SET status = 'finished', outcome = $2, task_description = $3, annotation_id = $4::uuid,
            finished_at = now()
      WHERE id = $1::uuid`,
    [conversationId, values.outcome, values.taskDescription, values.annotationId],
  );
}

/** Conversations whose lease ended without a finish: kept, never exported (docs/CONVERSATIONS.md). */
export function markAbandoned(db: Queryable, leaseIds: string[]) {
  return execute(
    db,
    `UPDATE conversations SET status = 'abandoned', finished_at = now()
      WHERE lease_id = ANY($1::uuid[]) AND status = 'active'`,
    [leaseIds],
  );
}
