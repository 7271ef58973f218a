import { NextResponse } from "next/server";
import { startJudgeRunSchema } from "@/lib/validation/judges";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { judgeRuns, startJudgeRun } from "@/lib/server/judges/judge-runs";
import { slugFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ slug: string; name: string }> };

/** The judge's recent runs, newest first. */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    return NextResponse.json({ runs: await judgeRuns(slug, (await params).name) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Starts a run: 202, the workers send its requests. */
export async function POST(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    await parseJsonBody(request, startJudgeRunSchema); // no options yet: an empty body or {}
    const run = await startJudgeRun({ slug, name: (await params).name, actorId: admin.id });
    return NextResponse.json({ run }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
