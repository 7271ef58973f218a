import { NextResponse } from "next/server";
import { createJudgeSchema } from "@/lib/validation/judges";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { createJudge, listJudges } from "@/lib/server/judges/judges";
import { slugFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ slug: string }> };

/** The project's judges with their last run and counts. */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    return NextResponse.json({ judges: await listJudges(slug) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, createJudgeSchema);
    return NextResponse.json({ judge: await createJudge({ slug, input, actorId: admin.id }) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
