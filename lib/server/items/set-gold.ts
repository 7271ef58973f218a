import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { lockItem, setGoldAnswer } from "@/lib/server/items/item-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";

/** Marks an item gold with the completion that should win, or (best = null) unmarks it. */
export async function setGold(projectId: string, itemId: string, best: string | null, actorId: string) {
  return inTransaction(async (tx) => {
    const item = await lockItem(tx, projectId, itemId);
    if (!item) throw new AppError("not_found", "No such item");
    if (best !== null && !item.completionIds.includes(best)) {
      throw new AppError("bad_request", "The expected answer must be one of the item's completions");
    }
    await setGoldAnswer(tx, itemId, best);
    await recordAudit(tx, {
      actorId,
      action: best === null ? "item.unset_gold" : "item.set_gold",
      entityType: "item",
      entityId: itemId,
      projectId,
      before: { isGold: item.isGold, goldAnswer: item.goldAnswer ?? null },
      after: { isGold: best !== null, goldAnswer: best === null ? null : { best } },
    });
  });
}
