import "server-only";
import { execute, type Queryable } from "@/lib/server/db/query";

// Slots after routing by judge (docs/JUDGES.md, "Routing"): an item wants
// COALESCE(items.target_overlap, projects.overlap) human answers. Slots are added up to that,
// and open slots above it removed; a slot someone holds (leased) or answered (done) is never
// touched. A claim racing the removal either took the slot first (then it is no longer open
// when the DELETE re-checks it, and stays) or finds it gone (SKIP LOCKED): at worst an item
// gets one more answer than it wanted, never fewer.

/** Sets each item's target (null: the project's overlap). */
export async function setTargetOverlaps(db: Queryable, itemIds: string[], targets: (number | null)[]): Promise<void> {
  for (let start = 0; start < itemIds.length; start += 5000) {
    await execute(
      db,
      `UPDATE items i SET target_overlap = t.target
         FROM unnest($1::uuid[], $2::int[]) AS t(id, target)
        WHERE i.id = t.id AND i.target_overlap IS DISTINCT FROM t.target`,
      [itemIds.slice(start, start + 5000), targets.slice(start, start + 5000)],
    );
  }
}

/** Adds and removes open slots of these items to fit their targets; finishes or reopens them. */
export async function fitSlotsToTargets(db: Queryable, itemIds: string[]): Promise<{ added: number; removed: number }> {
  let added = 0;
  let removed = 0;
  for (let start = 0; start < itemIds.length; start += 5000) {
    const ids = itemIds.slice(start, start + 5000);
    added += await execute(
      db,
      `INSERT INTO slots (id, item_id, project_id, index)
       SELECT gen_random_uuid(), i.id, i.project_id, have.next_index + n
         FROM items i
         JOIN projects p ON p.id = i.project_id
         CROSS JOIN LATERAL (
           SELECT count(*)::int AS slots, COALESCE(max(s.index) + 1, 0) AS next_index FROM slots s WHERE s.item_id = i.id
         ) have
         CROSS JOIN LATERAL generate_series(0, COALESCE(i.target_overlap, p.overlap) - have.slots - 1) AS n
        WHERE i.id = ANY($1::uuid[]) AND i.status <> 'archived'`,
      [ids],
    );
    // Open slots beyond what the target leaves room for, after the held and answered ones.
    removed += await execute(
      db,
      `WITH busy AS (
         SELECT item_id, count(*) FILTER (WHERE state <> 'open')::int AS n FROM slots
          WHERE item_id = ANY($1::uuid[]) GROUP BY item_id
       ), open_slots AS (
         SELECT s.id, s.item_id, row_number() OVER (PARTITION BY s.item_id ORDER BY s.index) AS k
           FROM slots s WHERE s.item_id = ANY($1::uuid[]) AND s.state = 'open'
       )
       DELETE FROM slots d
        USING open_slots o, items i, busy b
        WHERE d.id = o.id AND i.id = o.item_id AND b.item_id = o.item_id
          AND d.state = 'open' AND i.target_overlap IS NOT NULL
          AND o.k > GREATEST(i.target_overlap - b.n, 0)`,
      [ids],
    );
    await execute(
      db,
      `UPDATE items i SET status = 'done'
        WHERE i.id = ANY($1::uuid[]) AND i.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM slots s WHERE s.item_id = i.id AND s.state <> 'done')`,
      [ids],
    );
    await execute(
      db,
      `UPDATE items i SET status = 'open'
        WHERE i.id = ANY($1::uuid[]) AND i.status = 'done'
          AND EXISTS (SELECT 1 FROM slots s WHERE s.item_id = i.id AND s.state <> 'done')`,
      [ids],
    );
  }
  return { added, removed };
}
