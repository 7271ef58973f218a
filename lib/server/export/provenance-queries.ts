import "server-only";
import { z } from "zod";
import { projectKindSchema } from "@/lib/validation/projects";
import { queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { chatMessagesSchema, storedRankingSchema } from "@/lib/validation/stored-json";

// The export's reads of judge verdicts and production feedback (docs/EXPORTS.md "Sources").
// Every row is parsed; JSON columns once, here.

/** A verdict that can label an item: parsed (a ranking), the same in both orders, sure. */
export const USABLE_VERDICT = `j.consistent AND NOT j.unsure AND jsonb_typeof(j.ranking) = 'array'`;

const verdictRow = z
  .object({
    id: z.string(),
    item_id: z.string(),
    provenance: z.string(),
    ranking: storedRankingSchema,
    consistent: z.boolean(),
    unsure: z.boolean(),
    prompt_version: z.number(),
    created_at: z.date(),
    human_rankings: z.array(storedRankingSchema.nullable()),
  })
  .transform((r) => ({
    id: r.id,
    itemId: r.item_id,
    provenance: r.provenance,
    ranking: r.ranking,
    consistent: r.consistent,
    unsure: r.unsure,
    promptVersion: r.prompt_version,
    createdAt: r.created_at,
    /** Every labeler's ranking of the item (whatever the export's filters): the audit. */
    humanRankings: r.human_rankings,
  }));

/**
 * The most recent usable judge verdict of each of some items (given at or after `from` and
 * before `to`), with the item's labelers' rankings.
 */
export function exportVerdicts(
  db: Queryable,
  projectId: string,
  itemIds: string[],
  f: { from: Date | null; to: Date | null },
) {
  return queryRows(
    db,
    verdictRow,
    `SELECT DISTINCT ON (j.item_id) j.id, j.item_id, j.provenance, j.ranking, j.consistent, j.unsure,
            j.prompt_version, j.created_at,
            (SELECT coalesce(jsonb_agg(a.ranking ORDER BY a.created_at, a.id), '[]'::jsonb)
               FROM annotations a WHERE a.item_id = j.item_id) AS human_rankings
       FROM judge_annotations j
      WHERE j.project_id = $1 AND j.item_id = ANY($2) AND ${USABLE_VERDICT}
        AND ($3::timestamptz IS NULL OR j.created_at >= $3) AND ($4::timestamptz IS NULL OR j.created_at < $4)
      ORDER BY j.item_id, j.created_at DESC, j.id DESC`,
    [projectId, itemIds, f.from, f.to],
  );
}

const alternativesSchema = z.array(z.object({ text: z.string(), chosen: z.boolean() }));

const eventRow = z
  .object({
    id: z.string(),
    event_id: z.string(),
    conversation: chatMessagesSchema,
    response: z.string(),
    thumb: z.boolean().nullable(),
    score: z.number().nullable(),
    edit: z.string().nullable(),
    alternatives: alternativesSchema.nullable(),
    model: z.string().nullable(),
    occurred_at: z.date(),
    review_item_id: z.string().nullable(),
    review_project_id: z.string().nullable(),
    review_kind: projectKindSchema.nullable(),
  })
  .transform((r) => ({
    id: r.id,
    eventId: r.event_id,
    conversation: r.conversation,
    response: r.response,
    thumb: r.thumb,
    score: r.score,
    edit: r.edit,
    alternatives: r.alternatives,
    model: r.model,
    occurredAt: r.occurred_at,
    review:
      r.review_item_id && r.review_project_id && r.review_kind
        ? { itemId: r.review_item_id, projectId: r.review_project_id, kind: r.review_kind }
        : null,
  }));

export interface FeedbackEventFilter {
  projectId: string;
  from: Date | null;
  to: Date | null;
}

const EVENT_FILTER = `e.project_id = $1 AND ($2::timestamptz IS NULL OR e.occurred_at >= $2)
  AND ($3::timestamptz IS NULL OR e.occurred_at < $3)`;

/** The next batch of a project's feedback events, in order of occurrence (then id), with their review item. */
export function exportFeedbackBatch(
  db: Queryable,
  f: FeedbackEventFilter,
  after: { occurredAt: Date; id: string } | null,
  limit: number,
) {
  return queryRows(
    db,
    eventRow,
    `SELECT e.id, e.event_id, e.conversation, e.response, e.thumb, e.score, e.edit,
            e.alternatives, e.model, e.occurred_at, e.review_item_id, ri.project_id AS review_project_id,
            rp.kind::text AS review_kind
       FROM feedback_events e
       LEFT JOIN items ri ON ri.id = e.review_item_id
       LEFT JOIN projects rp ON rp.id = ri.project_id
      WHERE ${EVENT_FILTER}
        AND ($4::timestamptz IS NULL OR (e.occurred_at, e.id) > ($4, $5::uuid))
      ORDER BY e.occurred_at, e.id LIMIT $6`,
    [f.projectId, f.from, f.to, after?.occurredAt ?? null, after?.id ?? null, limit],
  );
}

const countRow = z.object({ n: z.coerce.number() });

/** How many feedback events an export visits. */
export async function countFeedbackEvents(db: Queryable, f: FeedbackEventFilter): Promise<number> {
  const row = await queryRow(db, countRow, `SELECT count(*)::text AS n FROM feedback_events e WHERE ${EVENT_FILTER}`, [
    f.projectId,
    f.from,
    f.to,
  ]);
  return row?.n ?? 0;
}

const sourceCountsRow = z
  .object({ answers: z.coerce.number(), verdicts: z.coerce.number(), events: z.coerce.number() })
  .transform((r) => ({ answers: r.answers, judgeVerdicts: r.verdicts, feedbackEvents: r.events }));

/**
 * What each source can give a project's export (the export form shows it beside its
 * checkboxes): labelers' answers, items with a usable judge verdict, feedback events. Counts
 * on indexed columns.
 */
export async function exportSourceCounts(db: Queryable, projectId: string) {
  const row = await queryRow(
    db,
    sourceCountsRow,
    `SELECT (SELECT count(*) FROM annotations WHERE project_id = $1)::text AS answers,
            (SELECT count(DISTINCT j.item_id) FROM judge_annotations j WHERE j.project_id = $1 AND ${USABLE_VERDICT})::text
              AS verdicts,
            (SELECT count(*) FROM feedback_events WHERE project_id = $1)::text AS events`,
    [projectId],
  );
  return row!;
}

/** Whether a project received any feedback event (a demonstration project then exports ratings and pairs). */
export async function hasFeedbackEvents(db: Queryable, projectId: string): Promise<boolean> {
  const row = await queryRow(
    db,
    z.object({ found: z.boolean() }),
    "SELECT EXISTS (SELECT 1 FROM feedback_events WHERE project_id = $1) AS found",
    [projectId],
  );
  return row?.found ?? false;
}
