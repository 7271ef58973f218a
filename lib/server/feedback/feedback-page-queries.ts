import "server-only";
import { z } from "zod";
import { queryRow, queryRows, type Queryable } from "@/lib/server/db/query";

const count = z.coerce.number().int();

/** Whether the project has feedback events or settings of its own (the Feedback tab shows then). */
export async function selectHasFeedback(db: Queryable, projectId: string): Promise<boolean> {
  const row = await queryRow(
    db,
    z.object({ has: z.boolean() }),
    `SELECT feedback_settings <> '{}'::jsonb OR EXISTS (SELECT 1 FROM feedback_events WHERE project_id = p.id) AS has
       FROM projects p WHERE p.id = $1::uuid`,
    [projectId],
  );
  return row?.has ?? false;
}

export function selectFeedbackTotals(db: Queryable, projectId: string) {
  return queryRow(
    db,
    z.object({
      events: count,
      up: count,
      down: count,
      scored: count,
      edits: count,
      regenerates: count,
      routed: count,
      first_at: z.date().nullable(),
      last_at: z.date().nullable(),
    }),
    `SELECT count(*) AS events, count(*) FILTER (WHERE thumb) AS up, count(*) FILTER (WHERE NOT thumb) AS down,
            count(score) AS scored, count(edit) AS edits,
            count(*) FILTER (WHERE jsonb_array_length(COALESCE(alternatives, '[]'::jsonb)) > 0) AS regenerates,
            count(review_item_id) AS routed, min(occurred_at) AS first_at, max(occurred_at) AS last_at
       FROM feedback_events WHERE project_id = $1::uuid`,
    [projectId],
  );
}

/** Events per day (UTC) over the last `days` days, by rating: up, down, scored. */
export function selectFeedbackPerDay(db: Queryable, projectId: string, days: number) {
  return queryRows(
    db,
    z.object({ day: z.string(), up: count, down: count, scored: count }),
    `SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
            count(e.id) FILTER (WHERE e.thumb) AS up, count(e.id) FILTER (WHERE NOT e.thumb) AS down,
            count(e.score) AS scored
       FROM (SELECT g::date AS day
               FROM generate_series((now() AT TIME ZONE 'UTC')::date - ($2::int - 1), (now() AT TIME ZONE 'UTC')::date,
                                    '1 day') AS g) AS d
       LEFT JOIN feedback_events e
         ON e.project_id = $1::uuid
        AND e.occurred_at >= d.day::timestamp AT TIME ZONE 'UTC'
        AND e.occurred_at < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
      GROUP BY d.day ORDER BY d.day`,
    [projectId, days],
  );
}

/** Thumbs and scores per model (events without a model together), most events first. */
export function selectFeedbackPerModel(db: Queryable, projectId: string, limit: number) {
  return queryRows(
    db,
    z.object({
      model: z.string().nullable(),
      events: count,
      up: count,
      down: count,
      scored: count,
      mean_score: z.number().nullable(),
    }),
    `SELECT model, count(*) AS events, count(*) FILTER (WHERE thumb) AS up, count(*) FILTER (WHERE NOT thumb) AS down,
            count(score) AS scored, avg(score)::float8 AS mean_score
       FROM feedback_events WHERE project_id = $1::uuid
      GROUP BY model ORDER BY count(*) DESC, model NULLS LAST LIMIT $2`,
    [projectId, limit],
  );
}

export function selectScoreDistribution(db: Queryable, projectId: string) {
  return queryRows(
    db,
    z.object({ score: z.number().int(), events: count }),
    `SELECT s AS score, count(e.id) AS events
       FROM generate_series(1, 5) AS s
       LEFT JOIN feedback_events e ON e.project_id = $1::uuid AND e.score = s
      GROUP BY s ORDER BY s`,
    [projectId],
  );
}

/** PII replacements per kind, over all the project's events. */
export function selectScrubCounts(db: Queryable, projectId: string) {
  return queryRows(
    db,
    z.object({ kind: z.string(), replacements: count, events: count }),
    `SELECT k.key AS kind, sum(k.value::bigint) AS replacements, count(*) AS events
       FROM feedback_events e CROSS JOIN LATERAL jsonb_each_text(e.scrubbed) AS k
      WHERE e.project_id = $1::uuid AND k.value ~ '^[0-9]+$'
      GROUP BY k.key ORDER BY k.key`,
    [projectId],
  );
}

/** What routing decided, per (signal, project) a rule named: route_log's entries counted. */
export function selectRouteOutcomes(db: Queryable, projectId: string) {
  return queryRows(
    db,
    z.object({ when: z.string(), project_id: z.string(), routed: count, not_routable: count, sampled_out: count }),
    `SELECT r->>'when' AS "when", r->>'projectId' AS project_id,
            count(*) FILTER (WHERE r->>'outcome' = 'routed') AS routed,
            count(*) FILTER (WHERE r->>'outcome' = 'not_routable') AS not_routable,
            count(*) FILTER (WHERE r->>'outcome' = 'sampled_out') AS sampled_out
       FROM feedback_events e CROSS JOIN LATERAL jsonb_array_elements(e.route_log) AS r
      WHERE e.project_id = $1::uuid
      GROUP BY 1, 2`,
    [projectId],
  );
}

// A reply as a reader compares it: line endings and surrounding whitespace do not count
// (sameText in lib/domain/feedback/routing.ts).
const norm = (col: string) => `regexp_replace(regexp_replace(${col}, E'\\r\\n?', E'\\n', 'g'), '^\\s+|\\s+$', '', 'g')`;

/**
 * Labelers' answers to the review items, per (signal, project). In a demonstration project an
 * answer equal to the reply (the item's first completion) confirms it, any other corrects it.
 */
export function selectReviewAnswers(db: Queryable, projectId: string) {
  return queryRows(
    db,
    z.object({
      when: z.string(),
      project_id: z.string(),
      items: count,
      answers: count,
      confirmed: count,
      corrected: count,
    }),
    `SELECT e.routed_by AS "when", i.project_id::text AS project_id, count(DISTINCT i.id) AS items, count(a.id) AS answers,
            count(a.id) FILTER (WHERE p.kind = 'demonstration' AND ${norm("a.text")} = ${norm("c.text")}) AS confirmed,
            count(a.id) FILTER (WHERE p.kind = 'demonstration' AND ${norm("a.text")} <> ${norm("c.text")}) AS corrected
       FROM feedback_events e
       JOIN items i ON i.id = e.review_item_id
       JOIN projects p ON p.id = i.project_id
       LEFT JOIN annotations a ON a.item_id = i.id
       LEFT JOIN completions c ON c.item_id = i.id AND c.position = 0
      WHERE e.project_id = $1::uuid AND e.routed_by IS NOT NULL
      GROUP BY 1, 2`,
    [projectId],
  );
}

const recentRow = z
  .object({
    id: z.string(),
    event_id: z.string(),
    occurred_at: z.date(),
    model: z.string().nullable(),
    thumb: z.boolean().nullable(),
    score: z.number().int().nullable(),
    prompt: z.string().nullable(),
    response: z.string(),
    edited: z.boolean(),
    alternatives: count,
    scrubbed: z.record(z.string(), z.unknown()),
    routed_by: z.string().nullable(),
    review_project: z.string().nullable(),
    review_item: z.string().nullable(),
    review_number: z.number().int().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    eventId: r.event_id,
    occurredAt: r.occurred_at,
    model: r.model,
    rating: r.thumb === null ? r.score : r.thumb ? ("up" as const) : ("down" as const),
    prompt: r.prompt,
    response: r.response,
    edited: r.edited,
    alternatives: r.alternatives,
    scrubbed: Object.values(r.scrubbed).reduce<number>((n, v) => n + (typeof v === "number" ? v : 0), 0),
    routedBy: r.routed_by,
    review:
      r.review_project && r.review_item
        ? { project: r.review_project, itemId: r.review_item, number: r.review_number }
        : null,
  }));

/** One page of the newest events (texts cut to what the list shows; never the sender's user id). */
export function selectRecentFeedback(db: Queryable, projectId: string, page: number, size: number) {
  return queryRows(
    db,
    recentRow,
    `SELECT e.id, e.event_id, e.occurred_at, e.model, e.thumb, e.score,
            left((SELECT m->>'content' FROM jsonb_array_elements(e.conversation) WITH ORDINALITY AS x(m, n)
                   WHERE m->>'role' = 'user' ORDER BY n DESC LIMIT 1), 300) AS prompt,
            left(e.response, 400) AS response, e.edit IS NOT NULL AS edited,
            jsonb_array_length(COALESCE(e.alternatives, '[]'::jsonb)) AS alternatives,
            e.scrubbed, e.routed_by, rp.slug AS review_project, i.id::text AS review_item, i.number AS review_number
       FROM feedback_events e
       LEFT JOIN items i ON i.id = e.review_item_id
       LEFT JOIN projects rp ON rp.id = i.project_id
      WHERE e.project_id = $1::uuid
      ORDER BY e.occurred_at DESC, e.id DESC
      OFFSET $2 LIMIT $3`,
    [projectId, (page - 1) * size, size],
  );
}
