import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { cancelGeneration } from "@/lib/server/generation/cancel-generation";
import { generationJobDetail } from "@/lib/server/generation/job-view";
import { idFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ id: string }> };

/** The job, its progress and the errors of its items. */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const id = await idFrom(params, "No such generation job");
    return NextResponse.json(await generationJobDetail(id));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Cancels the job: no new requests; those in flight finish. */
export async function DELETE(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const id = await idFrom(params, "No such generation job");
    return NextResponse.json({ job: await cancelGeneration(id, admin.id) });
  } catch (error) {
    return errorResponse(error);
  }
}
