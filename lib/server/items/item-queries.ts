import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable, isUuid } from "@/lib/server/db/query";

// The columns keep the names the admin items page reads (item.is_gold): that page is not
// this module's to change; the row is still parsed here.
const itemListRow = z.object({
  id: z.string(),
  seq: z.string(),
  number: z.number(),
  prompt: z.string().nullable(),
  /** The prompt's turns before the last one (the list shows the last), each cut to 200 characters. */
  earlier_turns: z.array(z.object({ role: z.string(), content: z.string() })),
  status: z.string(),
  is_gold: z.boolean(),
  completions: z.number(),
  annotations: z.number(),
  slots: z.number(),
  flagged: z.boolean(),
  agreement: z.number().nullable(),
});
export type ItemRow = z.output<typeof itemListRow>;

export interface ItemListQuery {
  status: string | null;
  flagged: boolean | null;
  gold: boolean | null;
  after: string | null;
  /** Keyset paging backwards: items before this arrival number, nearest first. */
  before?: string | null;
  limit: number;
  agreementBelow: number | null;
  agreementUnknown: boolean | null;
}

/**
 * A page of a project's items in arrival order (keyset paging on seq), with counts, filtered;
 * with `before`, the items before it nearest first (the previous page, reversed).
 */
export function itemListPage(db: Queryable, projectId: string, q: ItemListQuery): Promise<ItemRow[]> {
  return queryRows(
    db,
    itemListRow,
    `SELECT i.id, i.seq::text AS seq, i.number, left(i.messages -> -1 ->> 'content', 160) AS prompt,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('role', m.value ->> 'role', 'content', left(m.value ->> 'content', 200))
                                        ORDER BY m.n)
                        FROM jsonb_array_elements(i.messages) WITH ORDINALITY AS m(value, n)
                       WHERE m.n < jsonb_array_length(i.messages)), '[]'::jsonb) AS earlier_turns,
            i.status::text AS status, i.is_gold,
            (SELECT count(*)::int FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL) AS completions,
            (SELECT count(*)::int FROM annotations a WHERE a.item_id = i.id) AS annotations,
            (SELECT count(*)::int FROM slots s WHERE s.item_id = i.id) AS slots,
            EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id AND a.flags IS NOT NULL) AS flagged,
            i.agreement
       FROM items i
      WHERE i.project_id = $1
        AND ($2::text IS NULL OR i.status::text = $2)
        AND ($3::boolean IS NULL OR EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id AND a.flags IS NOT NULL) = $3)
        AND ($4::boolean IS NULL OR i.is_gold = $4)
        AND ($5::bigint IS NULL OR i.seq > $5)
        AND ($7::float8 IS NULL OR i.agreement < $7)
        AND ($8::boolean IS NOT TRUE OR i.agreement IS NULL)
        AND ($9::bigint IS NULL OR i.seq < $9)
      ORDER BY i.seq${q.before ? " DESC" : ""}
      LIMIT $6`,
    [projectId, q.status, q.flagged, q.gold, q.after, q.limit, q.agreementBelow, q.agreementUnknown, q.before ?? null],
  );
}

const goldAnswerSchema = z.object({ best: z.string() });

const lockedItemRow = z
  .object({
    status: z.string(),
    is_gold: z.boolean(),
    gold_answer: goldAnswerSchema.nullable(),
    completion_ids: z.array(z.string()),
    slots: z.number(),
    next_index: z.number(),
  })
  .transform((r) => ({
    status: r.status,
    isGold: r.is_gold,
    goldAnswer: r.gold_answer,
    completionIds: r.completion_ids,
    slots: r.slots,
    nextSlotIndex: r.next_index,
  }));

/**
 * An item of a project, its row locked until the transaction ends (two clicks at once are
 * serialized by it), with its ranked completions and slots; null when there is none.
 */
export async function lockItem(db: Queryable, projectId: string, itemId: string) {
  if (!isUuid(itemId)) return null;
  return queryRow(
    db,
    lockedItemRow,
    `SELECT i.status::text AS status, i.is_gold, i.gold_answer,
            ARRAY(SELECT c.id::text FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL) AS completion_ids,
            (SELECT count(*)::int FROM slots s WHERE s.item_id = i.id) AS slots,
            -- The next index follows the highest: a lower project overlap can leave gaps.
            (SELECT coalesce(max(s.index) + 1, 0) FROM slots s WHERE s.item_id = i.id) AS next_index
       FROM items i WHERE i.id = $1::uuid AND i.project_id = $2::uuid
        FOR NO KEY UPDATE`,
    [itemId, projectId],
  );
}

/** Marks an item gold with the completion that should win, or (best = null) unmarks it. */
export async function setGoldAnswer(db: Queryable, itemId: string, best: string | null): Promise<void> {
  await execute(
    db,
    `UPDATE items SET is_gold = $2::text IS NOT NULL,
            gold_answer = CASE WHEN $2::text IS NULL THEN NULL ELSE jsonb_build_object('best', $2::text) END
      WHERE id = $1`,
    [itemId, best],
  );
}

/** One more slot at `index`, and the item reopens. */
export async function addItemSlot(db: Queryable, projectId: string, itemId: string, index: number): Promise<void> {
  await execute(db, "INSERT INTO slots (id, item_id, project_id, index) VALUES (gen_random_uuid(), $1, $2, $3)", [
    itemId,
    projectId,
    index,
  ]);
  await execute(db, "UPDATE items SET status = 'open' WHERE id = $1", [itemId]);
}
