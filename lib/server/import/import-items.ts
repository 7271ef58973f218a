import "server-only";
import { asConversationOpening, checkCompletionCount } from "@/lib/domain/import/formats";
import type { ImportFormat } from "@/lib/domain/import/import-formats";
import type { ImportedItem, LineResult } from "@/lib/domain/import/types";
import { inTransaction, type Tx } from "@/lib/server/db/client";
import { recordAudit } from "@/lib/server/audit-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { writeItemBatch } from "@/lib/server/import/import-queries";

export interface ImportEntry {
  /** 1-based line number in the file (for joined files: in the main file). */
  line: number;
  result: LineResult;
}

export interface ImportSummary {
  imported: number;
  duplicates: number;
  /** The first MAX_REPORTED_ERRORS problems, in file order. */
  errors: { line: number; reason: string }[];
  /** All problems, reported or not. */
  errorCount: number;
  /** Lines read (blank lines included). */
  lines: number;
  /** False when the import was refused as a whole: nothing was written. */
  committed: boolean;
  format: ImportFormat | null;
}

export interface ImportOptions {
  skipInvalid: boolean;
  /** Called every few thousand lines. */
  onProgress?: (progress: { lines: number; imported: number; errors: number }) => void;
}

const BATCH = 1000;

class ImportRefused extends Error {}
export const MAX_REPORTED_ERRORS = 1000;

/**
 * Imports a stream of parsed lines into a project in one transaction, a batch at a time,
 * so a million lines never sit in memory. By default all or nothing: any refused line and
 * nothing is written (every line is still checked, so the report is complete). With
 * skipInvalid the good lines are kept and the refused ones reported.
 */
export async function importItems(
  actorId: string | null,
  slug: string,
  entries: AsyncIterable<ImportEntry>,
  options: ImportOptions,
  format: () => ImportFormat | null,
): Promise<ImportSummary> {
  const project = await requireProject(slug);
  const range = { min: project.minCompletions, max: project.maxCompletions };

  const summary: ImportSummary = {
    imported: 0,
    duplicates: 0,
    errors: [],
    errorCount: 0,
    lines: 0,
    committed: false,
    format: null,
  };
  let batch: ImportedItem[] = [];
  const flush = async (tx: Tx) => {
    // After a refusal (without skipInvalid) nothing will be kept: stop writing, keep checking.
    if (summary.errorCount === 0 || options.skipInvalid) {
      const added = await writeItemBatch(tx, project, batch);
      summary.imported += added;
      summary.duplicates += batch.length - added;
    }
    batch = [];
  };
  try {
    return await inTransaction(async (tx) => {
      for await (const entry of entries) {
        summary.lines = Math.max(summary.lines, entry.line);
        let reason: string | null = null;
        if (entry.result.ok && project.kind === "conversation" && entry.result.item.gold) {
          reason = "gold: a conversation project has no gold items";
        } else if (entry.result.ok && project.kind === "conversation") {
          const opening = asConversationOpening(entry.result.item);
          if (opening.ok) entry.result.item = opening.item;
          else reason = opening.reason;
        } else if (entry.result.ok) reason = checkCompletionCount(entry.result.item, range);
        else reason = entry.result.reason;
        if (reason) {
          summary.errorCount += 1;
          if (summary.errors.length < MAX_REPORTED_ERRORS) summary.errors.push({ line: entry.line, reason });
        } else if (entry.result.ok) {
          batch.push(entry.result.item);
          if (batch.length >= BATCH) await flush(tx);
        }
        if (entry.line % 5000 === 0)
          options.onProgress?.({ lines: entry.line, imported: summary.imported, errors: summary.errorCount });
      }
      await flush(tx);
      summary.format = format();
      // Refused as a whole: thrown, so the transaction rolls back; answered below.
      if (summary.errorCount > 0 && !options.skipInvalid) throw new ImportRefused();
      await recordAudit(tx, {
        actorId,
        action: "items.import",
        entityType: "project",
        entityId: project.id,
        projectId: project.id,
        after: {
          format: summary.format,
          imported: summary.imported,
          duplicates: summary.duplicates,
          refused: summary.errorCount,
        },
      });
      return { ...summary, committed: true };
    });
  } catch (error) {
    if (error instanceof ImportRefused) return { ...summary, imported: 0, duplicates: 0 };
    throw error;
  }
}
