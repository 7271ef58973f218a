import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";

/** One more labeler for one item (where agreement is low): a new slot, and the item reopens. */
export async function raiseItemOverlap(projectId: string, itemId: string, actorId: string) {
  return db.$transaction(async (tx) => {
    const item = await tx.item.findFirst({
      where: { id: itemId, projectId },
      include: { _count: { select: { slots: true } } },
    });
    if (!item) throw new AppError("not_found", "No such item");
    if (item._count.slots >= 100) throw new AppError("bad_request", "This item already has 100 slots");
    await tx.slot.create({ data: { itemId, projectId, index: item._count.slots } });
    await tx.item.update({ where: { id: itemId }, data: { status: "open" } });
    await recordAudit(tx, {
      actorId,
      action: "item.raise_overlap",
      entityType: "item",
      entityId: itemId,
      projectId,
      before: { slots: item._count.slots, status: item.status },
      after: { slots: item._count.slots + 1, status: "open" },
    });
  });
}
