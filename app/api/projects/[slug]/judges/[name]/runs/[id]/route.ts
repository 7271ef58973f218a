import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { cancelJudgeRun, judgeRunDetail } from "@/lib/server/judges/judge-runs";
import { idFrom, slugFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ slug: string; name: string; id: string }> };

/** The run's progress and a sample of its items (?sample=N, default 20) with both answers. */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const id = await idFrom(params, "No such judge run");
    const sample = new URL(request.url).searchParams.get("sample") ?? undefined;
    return NextResponse.json(await judgeRunDetail(slug, (await params).name, id, sample));
  } catch (error) {
    return errorResponse(error);
  }
}

/** Cancels the run: no new requests; answers in flight are kept. */
export async function DELETE(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const id = await idFrom(params, "No such judge run");
    return NextResponse.json({ run: await cancelJudgeRun({ slug, name: (await params).name, id, actorId: admin.id }) });
  } catch (error) {
    return errorResponse(error);
  }
}
