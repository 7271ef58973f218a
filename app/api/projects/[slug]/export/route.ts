import { PassThrough, Readable } from "node:stream";
import { NextResponse } from "next/server";
import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/domain/export/rows";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { errorResponse, zodIssues } from "@/lib/server/http";
import { recordedExport } from "@/lib/server/export/record-export";

const querySchema = z
  .object({
    format: z.enum(EXPORT_FORMATS as [string, ...string[]]),
    minAgreement: z.coerce.number().min(0).max(1).optional(),
    minLikert: z.coerce.number().min(1).max(7).optional(),
  })
  .strict();

/**
 * Streams the export as JSONL while it is written (memory stays flat). The manifest
 * (rows, sha256 ...) is kept with the export record: GET /api/exports/{X-Export-Id}.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const { slug } = await params;
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new AppError("bad_request", `format must be one of ${EXPORT_FORMATS.join(", ")}`, zodIssues(query.error));
    if (!(await db.project.findUnique({ where: { slug }, select: { id: true } })))
      throw new AppError("not_found", "No such project");
    const format = query.data.format as (typeof EXPORT_FORMATS)[number];
    const body = new PassThrough();
    const started = new Promise<string>((resolve, reject) => {
      const { minAgreement, minLikert } = query.data;
      recordedExport(slug, format, body, admin.id, null, resolve, {
        ...(minAgreement !== undefined ? { minAgreement } : {}),
        ...(minLikert !== undefined ? { minLikert } : {}),
      })
        .then(() => body.end())
        .catch((error) => {
          console.error("export failed", error);
          body.destroy(error as Error);
          reject(error);
        });
    });
    const exportId = await started;
    return new NextResponse(Readable.toWeb(body) as ReadableStream, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${slug}-${format}.jsonl"`,
        "x-export-id": exportId,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
