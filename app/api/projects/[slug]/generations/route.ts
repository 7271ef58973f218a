import { NextResponse } from "next/server";
import { startGenerationSchema } from "@/lib/validation/generation";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { projectGenerationJobs } from "@/lib/server/generation/job-view";
import { startGeneration } from "@/lib/server/generation/start-generation";
import { slugFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ slug: string }> };

/** The project's recent generation jobs, newest first. */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    return NextResponse.json({ jobs: await projectGenerationJobs(slug) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Starts a job: 202, the workers send its requests. */
export async function POST(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, startGenerationSchema);
    return NextResponse.json({ job: await startGeneration({ slug, input, actorId: admin.id }) }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
