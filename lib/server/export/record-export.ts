import "server-only";
import type { Writable } from "node:stream";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ExportFormat } from "@/lib/domain/export/rows";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { exportProject, type ExportFilters, type ExportManifest } from "@/lib/server/export/export-project";

/**
 * Runs an export and keeps its record (exports table: status, rows, sha256, manifest) and
 * an audit event, so an export made through the API can be checked afterwards.
 */
export async function recordedExport(
  slug: string,
  format: ExportFormat,
  out: Writable,
  actorId: string | null,
  fileName: string | null,
  onStarted?: (exportId: string) => void,
  filters: ExportFilters = {},
): Promise<ExportManifest & { exportId: string }> {
  const project = await db.project.findUnique({ where: { slug }, select: { id: true } });
  if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
  const record = await db.export.create({
    data: { projectId: project.id, format, status: "running", createdById: actorId, fileName, filters: { ...filters } },
    select: { id: true },
  });
  onStarted?.(record.id);
  try {
    const manifest = await exportProject(slug, format, out, filters);
    await db.$transaction([
      db.export.update({
        where: { id: record.id },
        data: {
          status: "done",
          rowCount: manifest.rows,
          sha256: manifest.sha256,
          manifest: { ...manifest, filters: { ...filters } } as Prisma.InputJsonObject,
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
          after: { format, rows: manifest.rows, sha256: manifest.sha256 },
        },
      }),
    ]);
    return { ...manifest, exportId: record.id };
  } catch (error) {
    await db.export
      .update({
        where: { id: record.id },
        data: { status: "failed", error: (error as Error).message.slice(0, 500), finishedAt: new Date() },
      })
      .catch(() => {});
    throw error;
  }
}
