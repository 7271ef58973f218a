import "server-only";
import type { Tx } from "@/lib/server/db/client";
import type { ChatMessage } from "@/lib/domain/content-hash";

/** A task as the labeler (and the HTTP API) sees it: DESIGN.md's shape plus a few extras. */
export interface TaskView {
  id: string;
  expiresAt: string;
  item: {
    id: string;
    messages: ChatMessage[];
    /** In this labeler's display order. */
    completions: { id: string; text: string }[];
  };
  project: { slug: string; kind: "demonstration" | "comparison" | "ranking" };
  /** The demonstration saved so far, if any. */
  draft: string | null;
}

export async function loadTaskView(tx: Tx, leaseId: string): Promise<TaskView> {
  const lease = await tx.lease.findUniqueOrThrow({
    where: { id: leaseId },
    include: {
      project: { select: { slug: true, kind: true } },
      item: {
        select: {
          id: true,
          messages: true,
          completions: { where: { position: { not: null } }, select: { id: true, text: true } },
        },
      },
    },
  });
  const byId = new Map(lease.item.completions.map((c) => [c.id, c]));
  const draft = await tx.draft.findUnique({
    where: { itemId_labelerId: { itemId: lease.itemId, labelerId: lease.labelerId } },
    select: { text: true },
  });
  return {
    id: lease.id,
    expiresAt: lease.expiresAt.toISOString(),
    item: {
      id: lease.item.id,
      messages: lease.item.messages as unknown as ChatMessage[],
      completions: lease.displayOrder.flatMap((id) => {
        const completion = byId.get(id);
        return completion ? [{ id: completion.id, text: completion.text }] : [];
      }),
    },
    project: lease.project,
    draft: draft?.text ?? null,
  };
}
