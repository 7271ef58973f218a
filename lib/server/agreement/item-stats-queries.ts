import "server-only";
import type { PoolClient } from "pg";
import { z } from "zod";
import { AGREEMENT_STATS_VERSION } from "@/lib/domain/agreement/item-stats";
import type { StatsInput } from "@/lib/server/agreement/item-stats-write-queries";
import { pool } from "@/lib/server/db/client";

/** The pool, or one client of it (a transaction's). */
export type Queryable = Pick<PoolClient, "query">;

/** SQL: whether stored stats (`column`) are of the version this code writes and reads. */
export function isCurrentStats(column = "agreement_stats"): string {
  return `(${column} ->> 'version')::int = ${AGREEMENT_STATS_VERSION}`;
}

/**
 * SQL: the ranked answers the stored stats of item `i` count. None stored: 0; stats of another
 * version: -1, which no count of answers equals, so they always count as stale.
 */
const STORED_ANSWERS = `CASE WHEN i.agreement_stats IS NULL THEN 0
              WHEN ${isCurrentStats("i.agreement_stats")} THEN (i.agreement_stats ->> 'answers')::int
              ELSE -1 END`;

// Lean on purpose: a refresh parses every ranked answer of the items it recomputes. The
// ratings are checked by a plain loop: z.record took some 5 µs an answer, four times the rest.
const ratings = z.custom<Record<string, number>>(
  (value) =>
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((score) => typeof score === "number"),
  "ratings must map completion ids to numbers",
);
const statsAnswerRows = z.array(
  z.object({
    item_id: z.string(),
    id: z.string(),
    labeler: z.string(),
    ranking: z.array(z.array(z.string())).nullable(),
    ratings: ratings.nullable(),
  }),
);
const lengthRows = z.array(z.object({ item_id: z.string(), id: z.string(), length: z.number() }));
const kindRows = z.array(z.object({ id: z.string(), kind: z.string() }));

/** What the stats of some items are computed from: each item's kind, completion lengths and ranked answers. */
export async function statsInputs(db: Queryable, itemIds: string[]): Promise<StatsInput[]> {
  // One after the other: the caller may hand us a single client (queries on it queue anyway).
  const answers = statsAnswerRows.parse(
    (
      await db.query(
        `SELECT item_id, id, labeler_id AS labeler, ranking, ratings FROM annotations
          WHERE item_id = ANY($1) AND ranking IS NOT NULL ORDER BY created_at, id`,
        [itemIds],
      )
    ).rows,
  );
  const completions = lengthRows.parse(
    (
      await db.query(
        "SELECT item_id, id, length(text) AS length FROM completions WHERE item_id = ANY($1) AND position IS NOT NULL",
        [itemIds],
      )
    ).rows,
  );
  const kinds = kindRows.parse(
    (
      await db.query(
        "SELECT i.id, p.kind::text AS kind FROM items i JOIN projects p ON p.id = i.project_id WHERE i.id = ANY($1)",
        [itemIds],
      )
    ).rows,
  );
  const answersOf = new Map<string, StatsInput["answers"]>();
  for (const { item_id, ...answer } of answers) {
    const list = answersOf.get(item_id) ?? [];
    list.push(answer);
    answersOf.set(item_id, list);
  }
  const lengthsOf = new Map<string, Record<string, number>>();
  for (const c of completions) {
    const entry = lengthsOf.get(c.item_id) ?? {};
    entry[c.id] = c.length;
    lengthsOf.set(c.item_id, entry);
  }
  return kinds.map(({ id, kind }) => ({
    id,
    kind,
    lengths: lengthsOf.get(id) ?? {},
    answers: answersOf.get(id) ?? [],
  }));
}

const totalsRow = z.object({ answers: z.number(), folded: z.number(), outdated: z.number() });

/**
 * A project's ranked answers, how many of them its current stats count, and how many of its
 * items hold stats of another version: one scan of each table.
 */
export async function statsTotals(projectId: string): Promise<z.infer<typeof totalsRow>> {
  const { rows } = await pool().query(
    `SELECT (SELECT count(*) FROM annotations WHERE project_id = $1 AND ranking IS NOT NULL)::int AS answers, s.*
       FROM (SELECT coalesce(sum((agreement_stats ->> 'answers')::int) FILTER (WHERE ${isCurrentStats()}), 0)::int AS folded,
                    count(*) FILTER (WHERE agreement_stats IS NOT NULL AND ${isCurrentStats()} IS NOT TRUE)::int AS outdated
               FROM items WHERE project_id = $1) s`,
    [projectId],
  );
  return totalsRow.parse(rows[0]);
}

/** How many items of a project hold stats that miss an answer or are of another version. */
export async function countStaleItems(projectId: string): Promise<number> {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n
       FROM items i
       LEFT JOIN (SELECT item_id, count(*)::int AS n FROM annotations
                   WHERE project_id = $1 AND ranking IS NOT NULL GROUP BY item_id) a ON a.item_id = i.id
      WHERE i.project_id = $1 AND ${STORED_ANSWERS} <> coalesce(a.n, 0)`,
    [projectId],
  );
  return z.object({ n: z.number() }).parse(rows[0]).n;
}

const windowRows = z.array(z.object({ id: z.string(), seq: z.string(), stale: z.boolean() }));

/** Up to `limit` items of a project after seq `after`, in seq order, each with whether its stats are stale. */
export async function itemsWindow(
  projectId: string,
  after: string,
  limit: number,
): Promise<z.infer<typeof windowRows>> {
  const { rows } = await pool().query(
    `SELECT i.id, i.seq::text AS seq,
            ${STORED_ANSWERS}
              <> (SELECT count(*) FROM annotations a WHERE a.item_id = i.id AND a.ranking IS NOT NULL) AS stale
       FROM items i WHERE i.project_id = $1 AND i.seq > $2 ORDER BY i.seq LIMIT $3`,
    [projectId, after, limit],
  );
  return windowRows.parse(rows);
}

/** Locks some items against answers arriving meanwhile (in id order, like every other locker). */
export async function lockItems(client: Queryable, itemIds: string[]): Promise<void> {
  await client.query("SELECT 1 FROM items WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE", [itemIds]);
}

/** The projects whose items carry agreement stats (every kind but demonstrations), oldest first. */
export async function rankedProjectIds(): Promise<string[]> {
  const { rows } = await pool().query("SELECT id FROM projects WHERE kind <> 'demonstration' ORDER BY created_at");
  return z
    .array(z.object({ id: z.string() }))
    .parse(rows)
    .map((r) => r.id);
}
