// The statement that stores an item's agreement stats (lib/domain/agreement/item-stats.ts)
// and its parameters. No "server-only" marker: scripts/bench/queue-baseline.ts sends
// exactly these statements straight to PostgreSQL as the benchmark's baseline.
import { itemStats, type StatsAnswer } from "@/lib/domain/agreement/item-stats";

/**
 * Writes items.agreement and agreement_stats, unless what is stored already counts as many
 * answers (an older snapshot never overwrites a newer one; equal counts are equal sets).
 */
export const WRITE_STATS_SQL = `UPDATE items i SET agreement = v.agreement, agreement_stats = v.stats
       FROM unnest($1::uuid[], $2::float8[], $3::jsonb[]) AS v(id, agreement, stats)
      WHERE i.id = v.id
        AND (i.agreement_stats IS NULL
             OR coalesce((i.agreement_stats ->> 'answers')::int, 0) < (v.stats ->> 'answers')::int)`;

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
  const ids: string[] = [];
  const agreement: (number | null)[] = [];
  const stats: string[] = [];
  for (const item of items) {
    const computed = itemStats(item.kind, item.lengths, item.answers);
    const value = computed.item.comparisons ? computed.item.agreeing / computed.item.comparisons : null;
    agreements.set(item.id, value);
    ids.push(item.id);
    agreement.push(value);
    stats.push(JSON.stringify(computed.item));
  }
  return { agreements, params: [ids, agreement, stats] };
}
