import "server-only";
import { randomUUID } from "node:crypto";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import {
  exportProject,
  filtersRecord,
  type ExportFilters,
  type ExportManifest,
  type ExportSink,
} from "@/lib/server/export/export-project";

/** How often a running export writes its progress to its record. */
const PROGRESS_EVERY_MS = 400;

/**
 * Runs an export and keeps its record (exports table: status, progress, rows, sha256,
 * manifest) and an audit event, so an export made through the API can be followed while it
 * runs (GET /api/exports/{id}) and checked afterwards.
 */
export async function recordedExport(
  slug: string,
  format: ExportFormat,
  out: ExportSink,
  actorId: string | null,
  fileName: string | null,
  onStarted?: (exportId: string) => void,
  filters: ExportFilters = {},
  /** The record's id when the caller chose one (a browser following its download); else a new one. */
  chosenId?: string,
): Promise<ExportManifest & { exportId: string }> {
  // Plain SQL (no Prisma client): an export from the CLI then never loads the query engine,
  // which alone would double the process's memory.
  const { rows: projects } = await pool().query<{ id: string }>("SELECT id FROM projects WHERE slug = $1", [slug]);
  const project = projects[0];
  if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
  const exportId = chosenId ?? randomUUID();
  const { rowCount } = await pool().query(
    `INSERT INTO exports (id, project_id, format, status, created_by_id, file_name, filters)
     VALUES ($1, $2, $3, 'running', $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [exportId, project.id, format, actorId, fileName, JSON.stringify(filtersRecord(filters))],
  );
  if (rowCount === 0) throw new AppError("conflict", "An export with this id already exists");
  onStarted?.(exportId);
  let lastWrite = 0;
  let visited = { itemsDone: 0, itemsTotal: 0 };
  let writing: Promise<unknown> = Promise.resolve();
  try {
    const manifest = await exportProject(slug, format, out, filters, (progress) => {
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
    });
    await writing;
    await inTransaction(async (client) => {
      await client.query(
        `UPDATE exports SET status = 'done', row_count = $2, items_done = $3, items_total = $4, sha256 = $5,
                manifest = $6, finished_at = now()
          WHERE id = $1`,
        [exportId, manifest.rows, visited.itemsDone, visited.itemsTotal, manifest.sha256, JSON.stringify(manifest)],
      );
      await client.query(
        `INSERT INTO audit_events (actor_id, action, entity_type, entity_id, project_id, after)
         VALUES ($1, 'export.create', 'export', $2, $3, $4)`,
        [
          actorId,
          exportId,
          project.id,
          JSON.stringify({ format, rows: manifest.rows, sha256: manifest.sha256, filters: manifest.filters }),
        ],
      );
    });
    return { ...manifest, exportId };
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
