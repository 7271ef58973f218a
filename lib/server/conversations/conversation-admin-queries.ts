import "server-only";
import { z } from "zod";
import { queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import type { ConversationTotals } from "@/lib/domain/conversation/admin-view";

// The admin's reads of a project's conversations (the Conversations tab, a conversation's page,
// the overview's totals), rows parsed here. The labeler's reads are in conversation-queries.ts.

const listRow = z
  .object({
    id: z.string(),
    labeler_name: z.string(),
    labeler_email: z.string(),
    status: z.enum(["active", "finished", "abandoned"]),
    mode: z.enum(["helpfulness", "red_team"]),
    turns: z.number().int(),
    prompt_tokens: z.number().int(),
    completion_tokens: z.number().int(),
    cost_micros: z.coerce.number().nullable(),
    outcome: z.number().int().nullable(),
    created_at: z.date(),
    finished_at: z.date().nullable(),
    item_number: z.number().int(),
  })
  .transform((r) => ({
    id: r.id,
    labeler: r.labeler_name || r.labeler_email,
    status: r.status,
    mode: r.mode,
    turns: r.turns,
    tokens: r.prompt_tokens + r.completion_tokens,
    costMicros: r.cost_micros,
    outcome: r.outcome,
    startedAt: r.created_at,
    finishedAt: r.finished_at,
    itemNumber: r.item_number,
  }));
export type ConversationListRow = z.output<typeof listRow>;

/** One page of the project's conversations, newest first. */
export function selectConversationPage(db: Queryable, projectId: string, page: number, size: number) {
  return queryRows(
    db,
    listRow,
    `SELECT c.id, u.name AS labeler_name, u.email AS labeler_email, c.status::text AS status, c.mode, c.turns,
            c.prompt_tokens, c.completion_tokens, c.cost_micros, c.outcome, c.created_at, c.finished_at,
            i.number AS item_number
       FROM conversations c JOIN users u ON u.id = c.labeler_id JOIN items i ON i.id = c.item_id
      WHERE c.project_id = $1::uuid
      ORDER BY c.created_at DESC, c.id
      LIMIT $2 OFFSET $3`,
    [projectId, size, (page - 1) * size],
  );
}

const totalsRow = z
  .object({
    total: z.number().int(),
    finished: z.number().int(),
    active: z.number().int(),
    abandoned: z.number().int(),
    turns: z.number().int(),
    prompt_tokens: z.coerce.number(),
    completion_tokens: z.coerce.number(),
    cost_micros: z.coerce.number().nullable(),
  })
  .transform((r): ConversationTotals & { total: number } => ({
    total: r.total,
    finished: r.finished,
    active: r.active,
    abandoned: r.abandoned,
    turns: r.turns,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    costMicros: r.cost_micros,
  }));

/** The project's conversations counted by status, with their turns, tokens and cost (all of them). */
export async function selectConversationTotals(db: Queryable, projectId: string) {
  return (await queryRow(
    db,
    totalsRow,
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE status = 'finished')::int AS finished,
            count(*) FILTER (WHERE status = 'active')::int AS active,
            count(*) FILTER (WHERE status = 'abandoned')::int AS abandoned,
            COALESCE(sum(turns), 0)::int AS turns,
            COALESCE(sum(prompt_tokens), 0)::bigint AS prompt_tokens,
            COALESCE(sum(completion_tokens), 0)::bigint AS completion_tokens,
            sum(cost_micros)::bigint AS cost_micros
       FROM conversations WHERE project_id = $1::uuid`,
    [projectId],
  ))!;
}

const choiceRow = z
  .object({ slug: z.string(), name: z.string(), kind: z.enum(["comparison", "ranking"]) })
  .transform((r) => r);

/** Projects a conversation project can send turns to for review: comparison and ranking ones, not archived. */
export function selectReviewProjectChoices(db: Queryable, exceptId: string) {
  return queryRows(
    db,
    choiceRow,
    `SELECT slug, name, kind::text AS kind FROM projects
      WHERE kind IN ('comparison', 'ranking') AND status <> 'archived' AND id <> $1::uuid
      ORDER BY name, slug`,
    [exceptId],
  );
}

const labelerRow = z.object({ name: z.string(), email: z.string() });

/** Who had the conversation (the admin's page names them). */
export function selectLabelerOf(db: Queryable, userId: string) {
  return queryRow(db, labelerRow, `SELECT name, email FROM users WHERE id = $1::uuid`, [userId]);
}
