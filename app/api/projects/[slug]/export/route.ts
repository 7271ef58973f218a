import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { startExportDownload } from "@/lib/server/export/export-download";
import { errorResponse, zodIssues } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { exportOptionsSchema } from "@/lib/validation/exports";

/**
 * Streams the export as JSONL while it is written. Progress while it runs and the manifest
 * afterwards: GET /api/exports/{X-Export-Id}; a browser download can pick the id itself
 * (`exportId`) to follow its own export.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const query = exportOptionsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("bad_request", "Invalid export options", zodIssues(query.error));
    const { exportId, fileName, body } = await startExportDownload({ slug, options: query.data, actorId: admin.id });
    return new NextResponse(body, {
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
