// The statements that keep an item's stored agreement stats (lib/domain/agreement/item-stats.ts)
// and the parameters of the write. No "server-only" marker: scripts/bench/queue-baseline.ts sends
// exactly these statements straight to PostgreSQL as the benchmark's baseline.
import { itemStats, type StatsAnswer } from "@/lib/domain/agreement/item-stats";

/** Takes the item's row lock, then reads its rankings and completion lengths (one round trip). */
export const READ_ONE_ITEM_SQL = `WITH locked AS (SELECT id FROM items WHERE id = $1 FOR NO KEY UPDATE)
     SELECT (SELECT json_agg(json_build_object('id', a.id, 'labeler', a.labeler_id, 'ranking', a.ranking,
                                               'ratings', a.ratings) ORDER BY a.created_at, a.id)
               FROM annotations a WHERE a.item_id = locked.id AND a.ranking IS NOT NULL) AS answers,
            (SELECT json_object_agg(c.id, length(c.text))
               FROM completions c WHERE c.item_id = locked.id AND c.position IS NOT NULL) AS lengths
       FROM locked`;

/** Writes items.agreement and agreement_stats (one row: a submit touches nothing else). */
export const WRITE_STATS_SQL = `UPDATE items i SET agreement = v.agreement, agreement_stats = v.stats
       FROM unnest($1::uuid[], $2::float8[], $3::jsonb[]) AS v(id, agreement, stats) WHERE i.id = v.id`;

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
