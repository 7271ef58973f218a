import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { startExportBundle } from "@/lib/server/export/export-bundle";
import { errorResponse, zodIssues } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { exportOptionsSchema } from "@/lib/validation/exports";

/**
 * Every part of a split export in one zip with its manifest.json (the same options as
 * GET …/export, `split` required, `part` left out). Progress: GET /api/exports/{X-Export-Id}.
 */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const query = exportOptionsSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("bad_request", "Invalid export options", zodIssues(query.error));
    const { exportId, fileName, body } = await startExportBundle({ slug, options: query.data, actorId: admin.id });
    return new NextResponse(body, {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${fileName}"`,
        "x-export-id": exportId,
        "cache-control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
