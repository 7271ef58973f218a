import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { errorResponse } from "@/lib/server/http";
import { idFrom } from "@/lib/server/route-params";

/** An export's record: status, and once done its manifest (rows, sha256, guideline versions ...). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireApiAdmin(request);
    const id = await idFrom(params, "No such export");
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
    return NextResponse.json({ export: record });
  } catch (error) {
    return errorResponse(error);
  }
}
