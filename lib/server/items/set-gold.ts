import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";

/** Marks an item gold with the completion that should win, or (best = null) unmarks it. */
export async function setGold(projectId: string, itemId: string, best: string | null, actorId: string) {
  return db.$transaction(async (tx) => {
    const item = await tx.item.findFirst({
      where: { id: itemId, projectId },
      include: { completions: { where: { position: { not: null } }, select: { id: true } } },
    });
    if (!item) throw new AppError("not_found", "No such item");
    if (best !== null && !item.completions.some((c) => c.id === best)) {
      throw new AppError("bad_request", "The expected answer must be one of the item's completions");
    }
    const after = await tx.item.update({
      where: { id: itemId },
      data: best === null ? { isGold: false, goldAnswer: Prisma.DbNull } : { isGold: true, goldAnswer: { best } },
    });
    await recordAudit(tx, {
      actorId,
      action: best === null ? "item.unset_gold" : "item.set_gold",
      entityType: "item",
      entityId: itemId,
      projectId,
      before: { isGold: item.isGold, goldAnswer: item.goldAnswer ?? null },
      after: { isGold: after.isGold, goldAnswer: after.goldAnswer ?? null },
    });
  });
}
