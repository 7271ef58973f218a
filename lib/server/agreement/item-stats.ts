import "server-only";
import type { StatsAnswer } from "@/lib/domain/agreement/item-stats";
import {
  countStaleItems,
  itemsWindow,
  lockItems,
  rankedProjectIds,
  statsInputs,
  statsTotals,
  type Queryable,
} from "@/lib/server/agreement/item-stats-queries";
import { writeItemStats } from "@/lib/server/agreement/item-stats-write-queries";
import { inTransaction, pool } from "@/lib/server/db/client";

/**
 * Recomputes and stores the agreement of some items (all of one project): items.agreement
 * and items.agreement_stats (which also holds each labeler's leave-one-out and length
 * counts). The caller holds the items' locks when answers may arrive meanwhile (see
 * refreshStaleAgreementStats).
 */
export async function refreshAgreementStats(db: Queryable, itemIds: string[]): Promise<Map<string, number | null>> {
  if (itemIds.length === 0) return new Map();
  return writeItemStats(db, await statsInputs(db, itemIds));
}

/**
 * Stores the stats of the item a submit just answered, from the snapshot the submit read
 * under the item's lock. One statement, no transaction: the write is guarded so that a
 * snapshot with fewer answers never overwrites one with more (answers only ever grow, so
 * the stored stats always come from the newest snapshot whatever order two submits finish in).
 */
export async function storeItemStats(
  itemId: string,
  kind: string,
  snapshot: { answers: StatsAnswer[] | null; lengths: Record<string, number> | null },
): Promise<number | null> {
  const agreements = await writeItemStats(pool(), [
    { id: itemId, kind, lengths: snapshot.lengths ?? {}, answers: snapshot.answers ?? [] },
  ]);
  return agreements.get(itemId) ?? null;
}

/**
 * Whether a project's stored stats count every ranked answer: answers are never removed, so
 * the stats are complete exactly when their answer counts add up to the project's and none
 * is of another version.
 */
async function statsComplete(projectId: string): Promise<boolean> {
  const totals = await statsTotals(projectId);
  return totals.answers === totals.folded && totals.outdated === 0;
}

/**
 * How many items of a project have stored stats that miss an answer or are of another
 * version (0 at once when the totals agree). A read: pages show the number; the repair is
 * refreshStaleAgreementStats.
 */
export async function staleAgreementItems(projectId: string): Promise<number> {
  if (await statsComplete(projectId)) return 0;
  return countStaleItems(projectId);
}

/**
 * Items of a project whose stored agreement misses an answer (a refresh that never ran,
 * e.g. the process died between the submit and its refresh, or data from before the stats
 * existed) or is of another version (written by an older release), refreshed in batches,
 * each under its items' locks. Never on a page render: it runs in the background
 * (lib/server/agreement/stats-refresher.ts), from the agreement page's button and from
 * `agreement --project S --refresh`. Returns how many items it refreshed.
 */
export async function refreshStaleAgreementStats(projectId: string, batch = 2000): Promise<number> {
  if (await statsComplete(projectId)) return 0;
  let refreshed = 0;
  let after = "0";
  for (;;) {
    const window = await itemsWindow(projectId, after, batch);
    if (window.length === 0) return refreshed;
    after = window[window.length - 1]!.seq;
    const ids = window
      .filter((w) => w.stale)
      .map((w) => w.id)
      .sort();
    if (ids.length === 0) continue;
    await inTransaction(async (client) => {
      await lockItems(client, ids);
      await refreshAgreementStats(client, ids);
    });
    refreshed += ids.length;
  }
}

/** Refreshes the stale stats of every project that has some; returns how many items it refreshed. */
export async function refreshAllStaleAgreementStats(): Promise<number> {
  let refreshed = 0;
  for (const projectId of await rankedProjectIds()) refreshed += await refreshStaleAgreementStats(projectId);
  return refreshed;
}
