import "server-only";
import { itemPairwiseAgreement } from "@/lib/domain/agreement/pairwise-item";
import { pool } from "@/lib/server/db/client";

/**
 * Recomputes the stored pairwise agreement of one item from all its rankings. Runs under
 * the item's row lock, so concurrent submits on one item cannot leave a stale value.
 */
export async function refreshItemAgreement(itemId: string): Promise<number | null> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT 1 FROM items WHERE id = $1 FOR NO KEY UPDATE", [itemId]);
    const { rows } = await client.query<{ ranking: string[][] }>(
      "SELECT ranking FROM annotations WHERE item_id = $1 AND ranking IS NOT NULL",
      [itemId],
    );
    const { agreement } = itemPairwiseAgreement(rows.map((r) => r.ranking));
    await client.query("UPDATE items SET agreement = $2 WHERE id = $1", [itemId, agreement]);
    await client.query("COMMIT");
    return agreement;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
