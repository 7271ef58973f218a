import "server-only";
import { randomUUID } from "node:crypto";
import type { ExportFilters } from "@/lib/domain/export/filters";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { withReviewDefault } from "@/lib/server/export/review-filter";
import { ManifestAccumulator, type ExportManifest } from "@/lib/domain/export/manifest";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import {
  insertRunningExport,
  markExportDone,
  markExportFailed,
  writeExportProgress,
} from "@/lib/server/export/export-queries";
import { findExportedProject, streamProjectExport, type ExportSink } from "@/lib/server/export/export-project";

/** How often a running export writes its progress to its record. */
const PROGRESS_EVERY_MS = 400;

export interface RecordedExportOptions {
  slug: string;
  format: ExportFormat;
  out: ExportSink;
  /** Who asked (null: the CLI). */
  actorId: string | null;
  /** The file name the record shows (the download's, or the CLI's --out). */
  fileName?: string | null;
  filters?: ExportFilters;
  /** The record's id when the caller chose one (a browser following its download); else a new one. */
  exportId?: string;
  /** Called once the record exists, before the first row. */
  onStarted?: (exportId: string) => void;
}

/**
 * Runs an export and keeps its record (exports table: status, progress, rows, sha256,
 * manifest) and an audit event, so an export made through the API can be followed while it
 * runs (GET /api/exports/{id}) and checked afterwards.
 */
export async function recordedExport(options: RecordedExportOptions): Promise<ExportManifest & { exportId: string }> {
  const { slug, format, out, actorId, fileName = null, onStarted } = options;
  const project = await findExportedProject(slug, format, options.filters ?? {});
  // Recorded as applied: a reviewing project's default review filter included.
  const filters = await withReviewDefault(project, options.filters ?? {});
  const manifest = new ManifestAccumulator(project.slug, format, filters);
  const exportId = options.exportId ?? randomUUID();
  const started = await insertRunningExport(pool(), {
    id: exportId,
    projectId: project.id,
    format,
    actorId,
    fileName,
    filters: manifest.filters,
    splitParts: filters.split?.map((p) => p.name) ?? [],
  });
  if (!started) throw new AppError("conflict", "An export with this id already exists");
  onStarted?.(exportId);
  let lastWrite = 0;
  let visited = { itemsDone: 0, itemsTotal: 0 };
  let writing: Promise<unknown> = Promise.resolve();
  try {
    const done = await streamProjectExport({
      project,
      format,
      out,
      filters,
      manifest,
      onProgress: (progress) => {
        visited = progress;
        const now = Date.now();
        if (now - lastWrite < PROGRESS_EVERY_MS) return;
        lastWrite = now;
        // Fire and forget, one at a time: progress must never slow the export down.
        writing = writing.then(() => writeExportProgress(pool(), exportId, progress).catch(() => {}));
      },
    });
    await writing;
    await inTransaction(async (client) => {
      await markExportDone(client, exportId, {
        rows: done.rows,
        itemsDone: visited.itemsDone,
        itemsTotal: visited.itemsTotal,
        sha256: done.sha256,
        manifest: done,
      });
      await recordAudit(client, {
        actorId,
        action: "export.create",
        entityType: "export",
        entityId: exportId,
        projectId: project.id,
        after: { format, rows: done.rows, sha256: done.sha256, filters: done.filters },
      });
    });
    return { ...done, exportId };
  } catch (error) {
    await writing;
    await markExportFailed(pool(), exportId, (error as Error).message.slice(0, 500)).catch(() => {});
    throw error;
  }
}
