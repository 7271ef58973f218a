import "server-only";
import { pool } from "@/lib/server/db/client";
import { itemListPage, type ItemListQuery } from "@/lib/server/items/item-queries";

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
  /** Keyset paging backwards: the page of items just before this arrival number. */
  before?: bigint;
}

function query(filter: ItemFilter, limit: number): ItemListQuery {
  return {
    status: filter.status ?? null,
    flagged: filter.flagged ?? null,
    gold: filter.gold ?? null,
    after: filter.after?.toString() ?? null,
    before: filter.before?.toString() ?? null,
    limit,
    agreementBelow: filter.agreementBelow ?? null,
    agreementUnknown: filter.agreementUnknown ?? null,
  };
}

/**
 * One page of a project's items in arrival order, with counts, filtered, and the cursors of
 * the pages on either side (null at either end): paging both ways stays a keyset read.
 */
export async function listItems(projectId: string, filter: ItemFilter) {
  const backwards = filter.before !== undefined && filter.after === undefined;
  const rows = await itemListPage(
    pool(),
    projectId,
    query(backwards ? { ...filter, after: undefined } : { ...filter, before: undefined }, ITEMS_PAGE_SIZE + 1),
  );
  const more = rows.length > ITEMS_PAGE_SIZE;
  const items = rows.slice(0, ITEMS_PAGE_SIZE);
  if (backwards) items.reverse();
  const first = items[0]?.seq;
  const last = items[items.length - 1]?.seq;
  // The side we did not read: one row past the page tells whether there is a page there.
  const [other] =
    first === undefined
      ? []
      : await itemListPage(
          pool(),
          projectId,
          backwards
            ? query({ ...filter, before: undefined, after: BigInt(last!) }, 1)
            : query({ ...filter, after: undefined, before: BigInt(first) }, 1),
        );
  const hasBefore = backwards ? more : other !== undefined;
  const hasAfter = backwards ? other !== undefined : more;
  return {
    items,
    nextAfter: hasAfter ? last! : null,
    prevBefore: hasBefore ? first! : null,
  };
}

/** The items just before and after one (by arrival number `seq`) in the filtered list. */
export async function itemNeighbours(projectId: string, seq: bigint, filter: ItemFilter) {
  const base = { ...filter, after: undefined, before: undefined };
  const [[previous], [next]] = await Promise.all([
    itemListPage(pool(), projectId, query({ ...base, before: seq }, 1)),
    itemListPage(pool(), projectId, query({ ...base, after: seq }, 1)),
  ]);
  return {
    previous: previous ? { id: previous.id, number: previous.number } : null,
    next: next ? { id: next.id, number: next.number } : null,
  };
}
