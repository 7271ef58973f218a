import "server-only";
import { randomUUID } from "node:crypto";
import type { ExportFilters } from "@/lib/domain/export/filters";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { ManifestAccumulator, type ExportManifest } from "@/lib/domain/export/manifest";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
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
  const { slug, format, out, actorId, fileName = null, filters = {}, onStarted } = options;
  const project = await findExportedProject(slug, format);
  const manifest = new ManifestAccumulator(project.slug, format, filters);
  const exportId = options.exportId ?? randomUUID();
  const { rowCount } = await pool().query(
    `INSERT INTO exports (id, project_id, format, status, created_by_id, file_name, filters)
     VALUES ($1, $2, $3, 'running', $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [exportId, project.id, format, actorId, fileName, JSON.stringify(manifest.filters)],
  );
  if (rowCount === 0) throw new AppError("conflict", "An export with this id already exists");
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
        writing = writing.then(() =>
          pool()
            .query("UPDATE exports SET items_done = $2, items_total = $3, row_count = $4 WHERE id = $1", [
              exportId,
              progress.itemsDone,
              progress.itemsTotal,
              progress.rows,
            ])
            .catch(() => {}),
        );
      },
    });
    await writing;
    await inTransaction(async (client) => {
      await client.query(
        `UPDATE exports SET status = 'done', row_count = $2, items_done = $3, items_total = $4, sha256 = $5,
                manifest = $6, finished_at = now()
          WHERE id = $1`,
        [exportId, done.rows, visited.itemsDone, visited.itemsTotal, done.sha256, JSON.stringify(done)],
      );
      await client.query(
        `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, project_id, after)
         VALUES ($1, 'export.create', 'export', $2, $3, $4)`,
        [
          actorId,
          exportId,
          project.id,
          JSON.stringify({ format, rows: done.rows, sha256: done.sha256, filters: done.filters }),
        ],
      );
    });
    return { ...done, exportId };
  } catch (error) {
    await writing;
    await pool()
      .query("UPDATE exports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1", [
        exportId,
        (error as Error).message.slice(0, 500),
      ])
      .catch(() => {});
    throw error;
  }
}
