import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";

/** An export's record: status, and once done its manifest (rows, sha256, guideline versions ...). */
export async function exportStatus(id: string) {
  const record = await db.export.findUnique({
    where: { id },
    select: {
      id: true,
      format: true,
      status: true,
      rowCount: true,
      itemsDone: true,
      itemsTotal: true,
      fileName: true,
      filters: true,
      sha256: true,
      manifest: true,
      error: true,
      createdAt: true,
      finishedAt: true,
      project: { select: { slug: true } },
    },
  });
  if (!record) throw new AppError("not_found", "No such export");
  return record;
}
