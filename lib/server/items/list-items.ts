import "server-only";
import { pool } from "@/lib/server/db/client";

export const ITEMS_PAGE_SIZE = 50;

export interface ItemFilter {
  status?: "open" | "done" | "archived";
  flagged?: boolean;
  gold?: boolean;
  /** Only items whose labelers agree less than this (0..1). */
  agreementBelow?: number;
  /** Only items not yet ranked by two labelers. */
  agreementUnknown?: boolean;
  /** Keyset paging: items after this arrival number (fast at any depth). */
  after?: bigint;
}

export interface ItemRow {
  id: string;
  seq: string;
  prompt: string;
  status: string;
  is_gold: boolean;
  completions: number;
  annotations: number;
  slots: number;
  flagged: boolean;
  agreement: number | null;
}

/** One page of a project's items in arrival order, with counts, filtered. */
export async function listItems(projectId: string, filter: ItemFilter) {
  const { rows } = await pool().query<ItemRow>(
    `SELECT i.id, i.seq::text AS seq, left(i.messages -> -1 ->> 'content', 160) AS prompt, i.status::text AS status, i.is_gold,
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
      ORDER BY i.seq
      LIMIT $6`,
    [
      projectId,
      filter.status ?? null,
      filter.flagged ?? null,
      filter.gold ?? null,
      filter.after?.toString() ?? null,
      ITEMS_PAGE_SIZE + 1,
      filter.agreementBelow ?? null,
      filter.agreementUnknown ?? null,
    ],
  );
  return {
    items: rows.slice(0, ITEMS_PAGE_SIZE),
    nextAfter: rows.length > ITEMS_PAGE_SIZE ? rows[ITEMS_PAGE_SIZE - 1]!.seq : null,
  };
}
