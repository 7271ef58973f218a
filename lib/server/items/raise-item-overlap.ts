import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { addItemSlot, lockItem } from "@/lib/server/items/item-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";

/** One more labeler for one item (where agreement is low): a new slot, and the item reopens. */
export async function raiseItemOverlap(projectId: string, itemId: string, actorId: string) {
  return inTransaction(async (tx) => {
    // Two clicks at once must not pick the same index: the item's row lock serializes them.
    const item = await lockItem(tx, projectId, itemId);
    if (!item) throw new AppError("not_found", "No such item");
    if (item.slots >= 100) throw new AppError("bad_request", "This item already has 100 slots");
    await addItemSlot(tx, projectId, itemId, item.nextSlotIndex);
    await recordAudit(tx, {
      actorId,
      action: "item.raise_overlap",
      entityType: "item",
      entityId: itemId,
      projectId,
      before: { slots: item.slots, status: item.status },
      after: { slots: item.slots + 1, status: "open" },
    });
  });
}
