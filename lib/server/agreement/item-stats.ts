import "server-only";
import type { PoolClient } from "pg";
import { itemStats, type StatsAnswer } from "@/lib/domain/agreement/item-stats";
import { pool } from "@/lib/server/db/client";

type Queryable = Pick<PoolClient, "query">;

/**
 * Recomputes and stores the agreement of some items (all of one project): items.agreement,
 * items.agreement_stats and each ranked answer's leave-one-out and length counts. The
 * caller holds the items' locks when answers may arrive meanwhile (see refreshItemAgreement).
 */
export async function refreshAgreementStats(db: Queryable, itemIds: string[]): Promise<Map<string, number | null>> {
  const agreements = new Map<string, number | null>();
  if (itemIds.length === 0) return agreements;
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
  const items = { ids: [] as string[], agreement: [] as (number | null)[], stats: [] as string[] };
  const perAnswer = {
    ids: [] as string[],
    looPairs: [] as number[],
    looAgree: [] as number[],
    lengthPairs: [] as number[],
    longer: [] as number[],
  };
  for (const { id, kind } of kinds) {
    const stats = itemStats(kind, lengthsOf.get(id) ?? {}, answersOf.get(id) ?? []);
    const agreement = stats.item.comparisons ? stats.item.agreeing / stats.item.comparisons : null;
    agreements.set(id, agreement);
    items.ids.push(id);
    items.agreement.push(agreement);
    items.stats.push(JSON.stringify(stats.item));
    for (const a of stats.answers) {
      perAnswer.ids.push(a.id);
      perAnswer.looPairs.push(a.looPairs);
      perAnswer.looAgree.push(a.looAgree);
      perAnswer.lengthPairs.push(a.lengthPairs);
      perAnswer.longer.push(a.longer);
    }
  }
  await db.query(
    `UPDATE items i SET agreement = v.agreement, agreement_stats = v.stats
       FROM unnest($1::uuid[], $2::float8[], $3::jsonb[]) AS v(id, agreement, stats) WHERE i.id = v.id`,
    [items.ids, items.agreement, items.stats],
  );
  if (perAnswer.ids.length) {
    await db.query(
      `UPDATE annotations a SET loo_pairs = v.loo_pairs, loo_agree = v.loo_agree,
              length_pairs = v.length_pairs, longer_preferred = v.longer
         FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::int[])
              AS v(id, loo_pairs, loo_agree, length_pairs, longer)
        WHERE a.id = v.id`,
      [perAnswer.ids, perAnswer.looPairs, perAnswer.looAgree, perAnswer.lengthPairs, perAnswer.longer],
    );
  }
  return agreements;
}

/**
 * Items of a project whose stored agreement misses an answer (a refresh that never ran,
 * e.g. the process died between the submit and its refresh, or data from before the stats
 * existed), refreshed in batches, each under its items' locks.
 */
export async function refreshStaleAgreementStats(projectId: string, batch = 2000): Promise<number> {
  // The common case, nothing stale, costs one scan that stops at the first stale answer.
  const { rows: any } = await pool().query(
    "SELECT 1 FROM annotations WHERE project_id = $1 AND ranking IS NOT NULL AND loo_pairs IS NULL LIMIT 1",
    [projectId],
  );
  if (any.length === 0) return 0;
  let refreshed = 0;
  let after = "0";
  for (;;) {
    const { rows: window } = await pool().query<{ id: string; seq: string }>(
      "SELECT i.id, i.seq::text AS seq FROM items i WHERE i.project_id = $1 AND i.seq > $2 ORDER BY i.seq LIMIT $3",
      [projectId, after, batch],
    );
    if (window.length === 0) return refreshed;
    after = window[window.length - 1]!.seq;
    const { rows } = await pool().query<{ item_id: string }>(
      `SELECT DISTINCT item_id FROM annotations
        WHERE item_id = ANY($1) AND ranking IS NOT NULL AND loo_pairs IS NULL`,
      [window.map((w) => w.id)],
    );
    if (rows.length === 0) continue;
    const ids = rows.map((r) => r.item_id).sort();
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT 1 FROM items WHERE id = ANY($1) ORDER BY id FOR NO KEY UPDATE", [ids]);
      await refreshAgreementStats(client, ids);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
    refreshed += ids.length;
  }
}
