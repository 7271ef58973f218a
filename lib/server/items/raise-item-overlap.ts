import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";

/** One more labeler for one item (where agreement is low): a new slot, and the item reopens. */
export async function raiseItemOverlap(projectId: string, itemId: string, actorId: string) {
  return db.$transaction(async (tx) => {
    // Two clicks at once must not pick the same index: the item's row serializes them.
    await tx.$queryRaw`SELECT 1 FROM items WHERE id = ${itemId}::uuid AND project_id = ${projectId}::uuid FOR NO KEY UPDATE`;
    const item = await tx.item.findFirst({
      where: { id: itemId, projectId },
      include: { _count: { select: { slots: true } } },
    });
    if (!item) throw new AppError("not_found", "No such item");
    if (item._count.slots >= 100) throw new AppError("bad_request", "This item already has 100 slots");
    // The next index follows the highest: a lower project overlap can leave gaps, so the
    // count of slots may already be taken as an index.
    const { _max } = await tx.slot.aggregate({ where: { itemId }, _max: { index: true } });
    await tx.slot.create({ data: { itemId, projectId, index: (_max.index ?? -1) + 1 } });
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
