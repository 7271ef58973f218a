import "server-only";
import { db } from "@/lib/server/db/client";
import { chatMessagesSchema } from "@/lib/validation/stored-json";

/** An item with every annotation on it, for admins only (labelers never see others' work). */
export async function itemDetail(projectId: string, itemId: string) {
  const item = await db.item.findFirst({
    where: { id: itemId, projectId },
    include: {
      completions: { orderBy: [{ position: "asc" }, { createdAt: "asc" }] },
      annotations: { orderBy: { createdAt: "asc" }, include: { labeler: { select: { email: true, name: true } } } },
      slots: { select: { state: true, index: true } },
      skips: { include: { labeler: { select: { email: true } } } },
    },
  });
  if (!item) return null;
  // The prompt JSON, parsed once here (Prisma types a Json column as any JSON).
  return { ...item, messages: chatMessagesSchema.parse(item.messages) };
}

/** The id of a project's item by its number within the project (#12 in a URL), or null. */
export async function itemIdByNumber(projectId: string, number: number): Promise<string | null> {
  const item = await db.item.findUnique({ where: { projectId_number: { projectId, number } }, select: { id: true } });
  return item?.id ?? null;
}
