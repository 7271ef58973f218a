// The statement that stores an item's agreement stats (lib/domain/agreement/item-stats.ts)
// and its parameters. No "server-only" marker: scripts/bench/queue-baseline.ts sends
// exactly these statements straight to PostgreSQL as the benchmark's baseline.
import { itemStats, type ItemStats, type StatsAnswer } from "@/lib/domain/agreement/item-stats";

/**
 * Writes items.agreement and agreement_stats unless what is stored is as new: stats of an
 * older version (version 1 had no "version" key) are always replaced; within one version, an
 * older snapshot never overwrites a newer one (answers only grow; equal counts are equal sets).
 * One JSON parameter, [{id, agreement, stats}]: as a jsonb[] parameter, escaping the quotes
 * of the stats' keys took nearly as long as computing the stats.
 */
export const WRITE_STATS_SQL = `UPDATE items i SET agreement = v.agreement, agreement_stats = v.stats
       FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, agreement float8, stats jsonb)
      WHERE i.id = v.id
        AND (i.agreement_stats IS NULL
             OR (coalesce((i.agreement_stats ->> 'version')::int, 1), coalesce((i.agreement_stats ->> 'answers')::int, 0))
                < ((v.stats ->> 'version')::int, (v.stats ->> 'answers')::int))`;

export interface StatsInput {
  id: string;
  kind: string;
  lengths: Record<string, number>;
  answers: StatsAnswer[];
}

/** Computes the stats of some items: their agreements, and the parameters of WRITE_STATS_SQL. */
export function agreementStatsWrite(items: StatsInput[]): {
  agreements: Map<string, number | null>;
  params: unknown[];
} {
  const agreements = new Map<string, number | null>();
  const rows: { id: string; agreement: number | null; stats: ItemStats }[] = [];
  for (const item of items) {
    const stats = itemStats(item.kind, item.lengths, item.answers).item;
    const agreement = stats.comparisons ? stats.agreeing / stats.comparisons : null;
    agreements.set(item.id, agreement);
    rows.push({ id: item.id, agreement, stats });
  }
  return { agreements, params: [JSON.stringify(rows)] };
}

/** Computes the stats of some items and writes them to their item rows in one statement. */
export async function writeItemStats(
  db: { query: (sql: string, params: unknown[]) => Promise<unknown> },
  items: StatsInput[],
): Promise<Map<string, number | null>> {
  const { agreements, params } = agreementStatsWrite(items);
  await db.query(WRITE_STATS_SQL, params);
  return agreements;
}
