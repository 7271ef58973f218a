import "server-only";
import type { PoolClient } from "pg";
import type { StatsAnswer } from "@/lib/domain/agreement/item-stats";
import { agreementStatsWrite, WRITE_STATS_SQL, type StatsInput } from "@/lib/server/agreement/item-stats-sql";
import { inTransaction, pool } from "@/lib/server/db/client";

type Queryable = Pick<PoolClient, "query">;

/**
 * Recomputes and stores the agreement of some items (all of one project): items.agreement
 * and items.agreement_stats (which also holds each labeler's leave-one-out and length
 * counts). The caller holds the items' locks when answers may arrive meanwhile (see
 * refreshStaleAgreementStats).
 */
export async function refreshAgreementStats(db: Queryable, itemIds: string[]): Promise<Map<string, number | null>> {
  if (itemIds.length === 0) return new Map();
  // One after the other: the caller may hand us a single client (queries on it queue anyway).
  const { rows: answers } = await db.query<StatsAnswer & { item_id: string }>(
    `SELECT item_id, id, labeler_id AS labeler, ranking, ratings FROM annotations
      WHERE item_id = ANY($1) AND ranking IS NOT NULL ORDER BY created_at, id`,
    [itemIds],
  );
  const { rows: completions } = await db.query<{ item_id: string; id: string; length: number }>(
    "SELECT item_id, id, length(text) AS length FROM completions WHERE item_id = ANY($1) AND position IS NOT NULL",
    [itemIds],
  );
  const { rows: kinds } = await db.query<{ id: string; kind: string }>(
    "SELECT i.id, p.kind::text AS kind FROM items i JOIN projects p ON p.id = i.project_id WHERE i.id = ANY($1)",
    [itemIds],
  );
  const answersOf = new Map<string, StatsAnswer[]>();
  for (const a of answers) {
    const list = answersOf.get(a.item_id) ?? [];
    list.push(a);
    answersOf.set(a.item_id, list);
  }
  const lengthsOf = new Map<string, Record<string, number>>();
  for (const c of completions) {
    const entry = lengthsOf.get(c.item_id) ?? {};
    entry[c.id] = c.length;
    lengthsOf.set(c.item_id, entry);
  }
  return writeAgreementStats(
    db,
    kinds.map(({ id, kind }) => ({ id, kind, lengths: lengthsOf.get(id) ?? {}, answers: answersOf.get(id) ?? [] })),
  );
}

/**
 * Stores the stats of the item a submit just answered, from the snapshot the submit read
 * under the item's lock. One statement, no transaction: the write is guarded so that a
 * snapshot with fewer answers never overwrites one with more (answers only ever grow, so
 * the stored stats always come from the newest snapshot whatever order two submits finish in).
 */
export async function storeItemStats(
  itemId: string,
  kind: string,
  snapshot: { answers: StatsAnswer[] | null; lengths: Record<string, number> | null },
): Promise<number | null> {
  const { agreements, params } = agreementStatsWrite([
    { id: itemId, kind, lengths: snapshot.lengths ?? {}, answers: snapshot.answers ?? [] },
  ]);
  await pool().query(WRITE_STATS_SQL, params);
  return agreements.get(itemId) ?? null;
}

/** Computes the stats of some items and writes them to their item rows in one statement. */
async function writeAgreementStats(db: Queryable, items: StatsInput[]): Promise<Map<string, number | null>> {
  const { agreements, params } = agreementStatsWrite(items);
  await db.query(WRITE_STATS_SQL, params);
  return agreements;
}

/**
 * Whether a project's stored stats count every ranked answer: answers are never removed, so
 * the stats are complete exactly when their answer counts add up to the project's.
 */
async function statsComplete(projectId: string): Promise<boolean> {
  const { rows } = await pool().query<{ answers: number; folded: number }>(
    `SELECT (SELECT count(*) FROM annotations WHERE project_id = $1 AND ranking IS NOT NULL)::int AS answers,
            (SELECT coalesce(sum((agreement_stats ->> 'answers')::int), 0) FROM items WHERE project_id = $1)::int AS folded`,
    [projectId],
  );
  return rows[0]!.answers === rows[0]!.folded;
}

/**
 * How many items of a project have stored stats that miss an answer (0 at once when the
 * totals agree). A read: pages show the number; the repair is refreshStaleAgreementStats.
 */
export async function staleAgreementItems(projectId: string): Promise<number> {
  if (await statsComplete(projectId)) return 0;
  const { rows } = await pool().query<{ n: number }>(
    `SELECT count(*)::int AS n
       FROM (SELECT item_id, count(*)::int AS n FROM annotations
              WHERE project_id = $1 AND ranking IS NOT NULL GROUP BY item_id) a
       JOIN items i ON i.id = a.item_id
      WHERE coalesce((i.agreement_stats ->> 'answers')::int, 0) <> a.n`,
    [projectId],
  );
  return rows[0]!.n;
}

/**
 * Items of a project whose stored agreement misses an answer (a refresh that never ran,
 * e.g. the process died between the submit and its refresh, or data from before the stats
 * existed), refreshed in batches, each under its items' locks. Never on a page render: it
 * runs in the background (lib/server/agreement/stats-refresher.ts), from the agreement
 * page's button and from `agreement --project S --refresh`. Returns how many items it refreshed.
 */
export async function refreshStaleAgreementStats(projectId: string, batch = 2000): Promise<number> {
  if (await statsComplete(projectId)) return 0;
  let refreshed = 0;
  let after = "0";
  for (;;) {
    const { rows: window } = await pool().query<{ id: string; seq: string; stale: boolean }>(
      `SELECT i.id, i.seq::text AS seq,
              coalesce((i.agreement_stats ->> 'answers')::int, 0)
                <> (SELECT count(*) FROM annotations a WHERE a.item_id = i.id AND a.ranking IS NOT NULL) AS stale
         FROM items i WHERE i.project_id = $1 AND i.seq > $2 ORDER BY i.seq LIMIT $3`,
      [projectId, after, batch],
    );
    if (window.length === 0) return refreshed;
    after = window[window.length - 1]!.seq;
    const ids = window
      .filter((w) => w.stale)
      .map((w) => w.id)
      .sort();
    if (ids.length === 0) continue;
    await inTransaction(async (client) => {
      await client.query("SELECT 1 FROM items WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE", [ids]);
      await refreshAgreementStats(client, ids);
    });
    refreshed += ids.length;
  }
}

/** Refreshes the stale stats of every project that has some; returns how many items it refreshed. */
export async function refreshAllStaleAgreementStats(): Promise<number> {
  const { rows: projects } = await pool().query<{ id: string }>(
    "SELECT id FROM projects WHERE kind <> 'demonstration' ORDER BY created_at",
  );
  let refreshed = 0;
  for (const project of projects) refreshed += await refreshStaleAgreementStats(project.id);
  return refreshed;
}
