import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { exportStatus } from "@/lib/server/export/export-status";
import { errorResponse } from "@/lib/server/http";
import { idFrom } from "@/lib/server/route-params";

/** An export's record: status, and once done its manifest (rows, sha256, guideline versions ...). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await requireApiAdmin(request);
    const id = await idFrom(params, "No such export");
    return NextResponse.json({ export: await exportStatus(id) });
  } catch (error) {
    return errorResponse(error);
  }
}
