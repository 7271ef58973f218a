import { PassThrough, Readable } from "node:stream";
import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { errorResponse, zodIssues } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { recordedExport } from "@/lib/server/export/record-export";
import { exportFiltersOf, exportOptionsSchema } from "@/lib/validation/exports";

/**
 * Streams the export as JSONL while it is written (memory stays flat). With `split`, `part`
 * names the part to stream; the manifest still counts every part. Progress while it runs
 * and the manifest afterwards: GET /api/exports/{X-Export-Id}; a browser download can pick
 * the id itself (`exportId`) to follow its own export.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const query = exportOptionsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("bad_request", "Invalid export options", zodIssues(query.error));
    if (!(await db.project.findUnique({ where: { slug }, select: { id: true } })))
      throw new AppError("not_found", "No such project");
    const { format, part, split } = query.data;
    if (split && part === undefined)
      throw new AppError(
        "bad_request",
        `with split, part must name the part to download (${split.map((p) => p.name).join(", ")})`,
      );
    const body = new PassThrough();
    const sink = split ? (name: string) => (name === part ? body : null) : body;
    const fileName = `${slug}-${format}${part ? `-${part}` : ""}.jsonl`;
    let streaming = false;
    const started = new Promise<string>((resolve, reject) => {
      const onStarted = (id: string) => {
        streaming = true;
        resolve(id);
      };
      recordedExport(
        slug,
        format,
        sink,
        admin.id,
        fileName,
        onStarted,
        exportFiltersOf(query.data),
        query.data.exportId,
      )
        .then(() => body.end())
        .catch((error) => {
          // Before the first byte: answered as an error below. After: the stream is cut, so
          // the client sees an incomplete download (and the record says failed).
          if (!streaming) return reject(error);
          console.error("export failed", error);
          body.destroy(error as Error);
        });
    });
    const exportId = await started;
    return new NextResponse(Readable.toWeb(body) as ReadableStream, {
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName}"`,
        "x-export-id": exportId,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
