import "server-only";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { db } from "@/lib/server/db/client";

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
  return { ...item, messages: item.messages as unknown as ChatMessage[] };
}
