import "server-only";
import { pool } from "@/lib/server/db/client";
import { itemListPage } from "@/lib/server/items/item-queries";

export type { ItemRow } from "@/lib/server/items/item-queries";

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

/** One page of a project's items in arrival order, with counts, filtered. */
export async function listItems(projectId: string, filter: ItemFilter) {
  const rows = await itemListPage(pool(), projectId, {
    status: filter.status ?? null,
    flagged: filter.flagged ?? null,
    gold: filter.gold ?? null,
    after: filter.after?.toString() ?? null,
    limit: ITEMS_PAGE_SIZE + 1,
    agreementBelow: filter.agreementBelow ?? null,
    agreementUnknown: filter.agreementUnknown ?? null,
  });
  return {
    items: rows.slice(0, ITEMS_PAGE_SIZE),
    nextAfter: rows.length > ITEMS_PAGE_SIZE ? rows[ITEMS_PAGE_SIZE - 1]!.seq : null,
  };
}
