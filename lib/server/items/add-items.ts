import "server-only";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { checkCompletionCount } from "@/lib/domain/import/formats";
import { inTransaction } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { requireProject } from "@/lib/server/projects/require-project";
import { writeItemBatch } from "@/lib/server/import/import-queries";

export interface NewItem {
  externalId?: string;
  messages: ChatMessage[];
  completions?: { text: string; model?: string }[];
  metadata?: Record<string, string | number | boolean | null>;
  priority?: number;
}

/**
 * Adds items from code (the demo seed, test fixtures) through the importer's writer, all in
 * one transaction: completions, one slot per unit of the project's overlap, and items whose
 * external id (or, without one, content hash) the project already has counted as duplicates.
 */
export async function addItems(projectSlug: string, items: NewItem[]): Promise<{ added: number; duplicates: number }> {
  const project = await requireProject(projectSlug);
  const batch = items.map((item) => ({
    externalId: item.externalId,
    messages: item.messages,
    completions: item.completions ?? [],
    metadata: item.metadata ?? {},
    priority: item.priority ?? 0,
  }));
  for (const item of batch) {
    const problem = checkCompletionCount(item, { min: project.minCompletions, max: project.maxCompletions });
    if (problem) throw new AppError("bad_request", `item ${item.externalId ?? "(no id)"} ${problem}`);
  }
  const added = await inTransaction((client) => writeItemBatch(client, project, batch));
  return { added, duplicates: batch.length - added };
}
