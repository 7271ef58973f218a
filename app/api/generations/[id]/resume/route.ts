import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { resumeGeneration } from "@/lib/server/generation/resume-generation";
import { idFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ id: string }> };

/** Queues the job's pending and failed requests again: 202. */
export async function POST(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const id = await idFrom(params, "No such generation job");
    return NextResponse.json({ job: await resumeGeneration(id, admin.id) }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
