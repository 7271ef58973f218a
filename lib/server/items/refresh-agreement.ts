import "server-only";
import { refreshOneItemStats } from "@/lib/server/agreement/item-stats";
import { pool } from "@/lib/server/db/client";

/**
 * Recomputes the stored agreement of one item (its pairwise agreement, the stats the
 * agreement report sums, each answer's agreement with the others) from all its rankings.
 * Runs under the item's row lock, so concurrent submits on one item cannot leave a stale value.
 */
export async function refreshItemAgreement(itemId: string, kind: string): Promise<number | null> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const agreement = await refreshOneItemStats(client, itemId, kind);
    await client.query("COMMIT");
    return agreement;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
