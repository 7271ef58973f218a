import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExportFormat } from "@/lib/domain/export/rows";
import { db } from "@/lib/server/db/client";
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
): Promise<ExportManifest & { exportId: string }> {
  const project = await db.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
  const record = await db.export.create({
    data: {
      projectId: project.id,
      format,
      status: "running",
      createdById: actorId,
      fileName,
      filters: filtersRecord(filters) as Prisma.InputJsonObject,
    },
    select: { id: true },
  });
  onStarted?.(record.id);
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
        db.export
          .update({
            where: { id: record.id },
            data: { itemsDone: progress.itemsDone, itemsTotal: progress.itemsTotal, rowCount: progress.rows },
          })
          .catch(() => {}),
      );
    });
    await writing;
    await db.$transaction([
      db.export.update({
        where: { id: record.id },
        data: {
          status: "done",
          rowCount: manifest.rows,
          itemsDone: visited.itemsDone,
          itemsTotal: visited.itemsTotal,
          sha256: manifest.sha256,
          manifest: manifest as unknown as Prisma.InputJsonObject,
          finishedAt: new Date(),
        },
      }),
      db.auditEvent.create({
        data: {
          actorId,
          action: "export.create",
          entityType: "export",
          entityId: record.id,
          projectId: project.id,
          after: {
            format,
            rows: manifest.rows,
            sha256: manifest.sha256,
            filters: manifest.filters,
          } as Prisma.InputJsonObject,
        },
      }),
    ]);
    return { ...manifest, exportId: record.id };
  } catch (error) {
    await writing;
    await db.export
      .update({
        where: { id: record.id },
        data: { status: "failed", error: (error as Error).message.slice(0, 500), finishedAt: new Date() },
      })
      .catch(() => {});
    throw error;
  }
}
