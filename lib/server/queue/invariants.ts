// The queue's guarantees as SQL counts of violations: every one must be zero. The one source
// for the soak (scripts/soak.ts), the queue benchmark (scripts/bench/queue.ts) and the queue
// tests. No "server-only" marker: the scripts run under plain tsx.
import type pg from "pg";

type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, "query">;

/** Each check counts violations, in one project ($1) or, with $1 null, in all of them. */
export const QUEUE_INVARIANTS = {
  itemsOverOverlap: {
    description: "items over their overlap",
    sql: `SELECT count(*) AS n FROM (
            SELECT a.item_id FROM annotations a JOIN projects p ON p.id = a.project_id
             WHERE $1::uuid IS NULL OR a.project_id = $1::uuid
             GROUP BY a.item_id, p.overlap HAVING count(*) > p.overlap) x`,
  },
  labelerTwiceOnItem: {
    description: "labelers twice on one item",
    sql: `SELECT count(*) AS n FROM (
            SELECT 1 FROM annotations WHERE $1::uuid IS NULL OR project_id = $1::uuid
             GROUP BY item_id, labeler_id HAVING count(*) > 1) x`,
  },
  labelerTwoSlotsOfItem: {
    description: "labelers given two slots of one item",
    sql: `SELECT count(*) AS n FROM (
            SELECT 1 FROM slots WHERE labeler_id IS NOT NULL AND ($1::uuid IS NULL OR project_id = $1::uuid)
             GROUP BY item_id, labeler_id HAVING count(*) > 1) x`,
  },
  twoActiveLeases: {
    description: "labelers with two active leases in one project",
    sql: `SELECT count(*) AS n FROM (
            SELECT 1 FROM leases WHERE state = 'active' AND ($1::uuid IS NULL OR project_id = $1::uuid)
             GROUP BY project_id, labeler_id HAVING count(*) > 1) x`,
  },
  slotsDoneWithoutAnnotation: {
    description: "slots done without an annotation",
    sql: `SELECT count(*) AS n FROM slots s
           WHERE s.state = 'done' AND ($1::uuid IS NULL OR s.project_id = $1::uuid)
             AND NOT EXISTS (SELECT 1 FROM annotations a WHERE a.slot_id = s.id)`,
  },
  slotsLeasedPastExpiry: {
    description: "slots still leased after their expiry",
    sql: `SELECT count(*) AS n FROM slots
           WHERE state = 'leased' AND lease_expires_at < now() AND ($1::uuid IS NULL OR project_id = $1::uuid)`,
  },
} as const;

export type QueueInvariant = keyof typeof QUEUE_INVARIANTS;

/** The checks that hold at any moment (slotsLeasedPastExpiry holds only once the sweep has run). */
export const ALWAYS_HOLD: QueueInvariant[] = [
  "itemsOverOverlap",
  "labelerTwiceOnItem",
  "labelerTwoSlotsOfItem",
  "twoActiveLeases",
  "slotsDoneWithoutAnnotation",
];

/** Runs the named checks (of one project, or all with null); returns the violations of each. */
export async function countViolations<Name extends QueueInvariant>(
  db: Queryable,
  projectId: string | null,
  names: readonly Name[],
): Promise<Record<Name, number>> {
  const counts = {} as Record<Name, number>;
  for (const name of names) {
    const { rows } = await db.query<{ n: string }>(QUEUE_INVARIANTS[name].sql, [projectId]);
    counts[name] = Number(rows[0]!.n);
  }
  return counts;
}
