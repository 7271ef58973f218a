import "server-only";
import { storedProjectStatusSchema } from "@/lib/validation/projects";
import { z } from "zod";
import { pool } from "@/lib/server/db/client";
import { execute, queryRow, queryRows } from "@/lib/server/db/query";

// The aggregate queries behind a project's page figures (lib/server/projects/project-summary.ts):
// each runs one statement and parses its rows, so a renamed column fails here, loudly, and not
// as a NaN on a chart.

const count = z.number().int().nonnegative();

export const queueHealthSchema = z.object({ open: count, leased: count, expired: count, done: count });
/** Slots by state; a lease past its time counts as expired until the sweep gives the slot back. */
export type QueueHealth = z.infer<typeof queueHealthSchema>;

export async function queueHealth(projectId: string): Promise<QueueHealth> {
  const row = await queryRow(
    pool(),
    queueHealthSchema,
    `SELECT count(*) FILTER (WHERE state = 'open')::int AS open,
            count(*) FILTER (WHERE state = 'leased' AND lease_expires_at >= now())::int AS leased,
            count(*) FILTER (WHERE state = 'leased' AND lease_expires_at < now())::int AS expired,
            count(*) FILTER (WHERE state = 'done')::int AS done
       FROM slots
      WHERE project_id = $1
        -- Quality checks (gold items with a role, docs/QUALITY.md) are served per labeler, outside the overlap.
        AND NOT EXISTS (SELECT 1 FROM items i WHERE i.id = slots.item_id AND i.gold_role IS NOT NULL)`,
    [projectId],
  );
  return row!;
}

export const itemCountsSchema = z.object({ total: count, done: count });
export type ItemCounts = z.infer<typeof itemCountsSchema>;

export async function itemCounts(projectId: string): Promise<ItemCounts> {
  const row = await queryRow(
    pool(),
    itemCountsSchema,
    // Quality checks stay open while labelers still need them: they are not part of the work.
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'done')::int AS done
       FROM items WHERE project_id = $1 AND gold_role IS NULL`,
    [projectId],
  );
  return row!;
}

/** Answers per labeler id, for the members table. */
export async function answersByLabeler(projectId: string): Promise<Record<string, number>> {
  const rows = await queryRows(
    pool(),
    z.object({ labeler_id: z.string(), n: count }),
    "SELECT labeler_id, count(*)::int AS n FROM annotations WHERE project_id = $1 GROUP BY labeler_id",
    [projectId],
  );
  return Object.fromEntries(rows.map((r) => [r.labeler_id, r.n]));
}

/**
 * The project's slots, counted up to `limit` (then `limit`): whether the project is small
 * enough for its figures to be computed on a view, at the cost of reading at most `limit`
 * index entries however large it is. Slots are the answers needed, so they bound the answers.
 */
export async function slotsUpTo(projectId: string, limit: number): Promise<number> {
  const row = await queryRow(
    pool(),
    z.object({ n: count }),
    "SELECT count(*)::int AS n FROM (SELECT 1 FROM slots WHERE project_id = $1 LIMIT $2) s",
    [projectId, limit],
  );
  return row!.n;
}

const activityDaySchema = z.object({ day: z.string(), answers: count, cumulative: count, slots: count });
const labelerAnswersSchema = z.object({ email: z.string(), answers: count });

/** Per day of the last `days` (oldest first): answers that day, answers so far, and slots. */
export async function answersPerDay(projectId: string, days: number) {
  return queryRows(
    pool(),
    activityDaySchema,
    `WITH days AS (
       SELECT generate_series(date_trunc('day', now()) - make_interval(days => $2 - 1), date_trunc('day', now()), interval '1 day') AS day
     ), per_day AS (
       SELECT date_trunc('day', created_at) AS day, count(*)::int AS n FROM annotations
        WHERE project_id = $1 AND created_at >= date_trunc('day', now()) - make_interval(days => $2 - 1) GROUP BY 1
     ), before AS (
       SELECT count(*)::int AS n FROM annotations WHERE project_id = $1 AND created_at < date_trunc('day', now()) - make_interval(days => $2 - 1)
     )
     SELECT to_char(d.day, 'MM-DD') AS day,
            COALESCE(p.n, 0) AS answers,
            ((SELECT n FROM before) + sum(COALESCE(p.n, 0)) OVER (ORDER BY d.day))::int AS cumulative,
            (SELECT count(*)::int FROM slots WHERE project_id = $1) AS slots
       FROM days d LEFT JOIN per_day p ON p.day = d.day
      ORDER BY d.day`,
    [projectId, days],
  );
}

/** The `limit` labelers with the most answers in the project, by email. */
export async function topLabelers(projectId: string, limit: number) {
  return queryRows(
    pool(),
    labelerAnswersSchema,
    `SELECT u.email, count(*)::int AS answers FROM annotations a JOIN users u ON u.id = a.labeler_id
      WHERE a.project_id = $1 GROUP BY u.email ORDER BY answers DESC, u.email LIMIT $2`,
    [projectId, limit],
  );
}

export interface StoredSummaryRow {
  version: number;
  summary: unknown;
  computedAt: Date;
  computeMs: number;
}

export async function readStoredSummary(projectId: string): Promise<StoredSummaryRow | null> {
  return queryRow(
    pool(),
    z
      .object({ version: z.number().int(), summary: z.unknown(), computed_at: z.date(), compute_ms: count })
      .transform((r) => ({
        version: r.version,
        summary: r.summary,
        computedAt: r.computed_at,
        computeMs: r.compute_ms,
      })),
    "SELECT version, summary, computed_at, compute_ms FROM project_summaries WHERE project_id = $1",
    [projectId],
  );
}

export async function writeStoredSummary(
  projectId: string,
  row: { version: number; summary: unknown; computedAt: Date; computeMs: number },
): Promise<void> {
  await execute(
    pool(),
    `INSERT INTO project_summaries (project_id, version, summary, computed_at, compute_ms)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (project_id) DO UPDATE
       SET version = excluded.version, summary = excluded.summary,
           computed_at = excluded.computed_at, compute_ms = excluded.compute_ms`,
    [projectId, row.version, JSON.stringify(row.summary), row.computedAt, row.computeMs],
  );
}

/**
 * Projects that outgrew live figures, with what the refresher needs to decide whether
 * theirs are due: the stored summary's age and cost, and whether anything happened since
 * (an answer or an edit of one, or an audited admin action such as an import or a gold
 * answer). The lookback reaches `marginSeconds` before the summary was computed: an answer
 * whose transaction began before the summary read its snapshot but committed after it
 * carries an earlier time.
 */
export async function summaryCandidates(minSlots: number, marginSeconds: number) {
  return queryRows(
    pool(),
    z
      .object({
        id: z.string(),
        slug: z.string(),
        kind: z.string(),
        status: storedProjectStatusSchema,
        version: z.number().int().nullable(),
        computed_at: z.date().nullable(),
        compute_ms: count.nullable(),
        changed: z.boolean(),
      })
      .transform((r) => ({
        id: r.id,
        slug: r.slug,
        kind: r.kind,
        status: r.status,
        version: r.version,
        computedAt: r.computed_at,
        computeMs: r.compute_ms,
        changed: r.changed,
      })),
    `SELECT p.id, p.slug, p.kind::text AS kind, p.status::text AS status, s.version, s.computed_at, s.compute_ms,
            (s.computed_at IS NOT NULL AND (
               EXISTS (SELECT 1 FROM annotations a WHERE a.project_id = p.id
                          AND a.created_at > s.computed_at - make_interval(secs => $2))
               OR EXISTS (SELECT 1 FROM answer_revisions r WHERE r.project_id = p.id
                          AND r.replaced_at > s.computed_at - make_interval(secs => $2))
               OR EXISTS (SELECT 1 FROM audit_events e WHERE e.project_id = p.id
                          AND e.created_at > s.computed_at - make_interval(secs => $2)))) AS changed
       FROM projects p LEFT JOIN project_summaries s ON s.project_id = p.id
      WHERE (SELECT count(*) FROM (SELECT 1 FROM slots WHERE project_id = p.id LIMIT $1) x) >= $1
      ORDER BY p.created_at`,
    [minSlots, marginSeconds],
  );
}

/**
 * Runs `body` holding an advisory lock named for the project's summary, or returns null at
 * once if another process holds it: with several app processes or instances each summary is
 * computed by one of them at a time. The lock is the transaction's (pg_try_advisory_xact_lock,
 * held open on this connection while `body` runs on others), not the session's: behind
 * PgBouncer in transaction mode the statements of one session may reach different server
 * connections, and a session lock would then be unlocked on another one and never let go
 * (docs/SCALING.md).
 */
export async function withSummaryLock<T>(projectId: string, body: () => Promise<T>): Promise<T | null> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const lock = await queryRow(
      client,
      z.object({ locked: z.boolean() }),
      "SELECT pg_try_advisory_xact_lock(hashtext('project_summary:' || $1)) AS locked",
      [projectId],
    );
    if (!lock?.locked) return null;
    return await body();
  } finally {
    // Ends the transaction, and with it the lock (nothing was written on this connection).
    await client.query("ROLLBACK").catch(() => {});
    client.release();
  }
}
