import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { projectStandings } from "@/lib/server/quality/standings";

// Every member's qualification status and attention pause (docs/QUALITY.md, docs/API.md).
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json(await projectStandings(await slugFrom(params)));
  } catch (error) {
    return errorResponse(error);
  }
}
