import "server-only";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { itemContentHash } from "@/lib/domain/content-hash";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";

export interface NewItem {
  externalId?: string;
  messages: ChatMessage[];
  completions?: { text: string; model?: string }[];
  metadata?: Record<string, string | number | boolean | null>;
  priority?: number;
}

/**
 * Adds items with their completions and one slot per unit of the project's overlap, all
 * in one transaction. Items whose external id (or, without one, content hash) is already
 * in the project are counted as duplicates and left as they are.
 */
export async function addItems(projectSlug: string, items: NewItem[]): Promise<{ added: number; duplicates: number }> {
  return db.$transaction(
    async (tx) => {
      const project = await tx.project.findUnique({ where: { slug: projectSlug } });
      if (!project) throw new AppError("not_found", `no project with slug ${projectSlug}`);
      let added = 0;
      let duplicates = 0;
      for (const item of items) {
        const completions = item.completions ?? [];
        if (completions.length < project.minCompletions || completions.length > project.maxCompletions) {
          throw new AppError(
            "bad_request",
            `item ${item.externalId ?? "(no id)"} has ${completions.length} completions; project ${project.slug} takes ${project.minCompletions} to ${project.maxCompletions}`,
          );
        }
        const contentHash = itemContentHash(
          item.messages,
          completions.map((c) => c.text),
        );
        const externalId = item.externalId ?? contentHash;
        const existing = await tx.item.findUnique({
          where: { projectId_externalId: { projectId: project.id, externalId } },
          select: { id: true },
        });
        if (existing) {
          duplicates += 1;
          continue;
        }
        await tx.item.create({
          data: {
            projectId: project.id,
            externalId,
            contentHash,
            messages: item.messages as unknown as object,
            metadata: item.metadata ?? {},
            priority: item.priority ?? 0,
            completions: {
              create: completions.map((c, position) => ({ position, text: c.text, model: c.model ?? null })),
            },
            slots: {
              create: Array.from({ length: project.overlap }, (_, index) => ({ index, projectId: project.id })),
            },
          },
        });
        added += 1;
      }
      return { added, duplicates };
    },
    { timeout: 60_000 },
  );
}
