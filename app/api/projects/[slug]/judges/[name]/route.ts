import { NextResponse } from "next/server";
import { updateJudgeSchema } from "@/lib/validation/judges";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { getJudge, removeJudge, updateJudge } from "@/lib/server/judges/judges";
import { slugFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ slug: string; name: string }> };

/** The judge, its current prompt and every prompt version. */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    return NextResponse.json({ judge: await getJudge(slug, (await params).name) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Changes the judge; a different prompt becomes a new version. */
export async function PATCH(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, updateJudgeSchema);
    return NextResponse.json({
      judge: await updateJudge({ slug, name: (await params).name, input, actorId: admin.id }),
    });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function DELETE(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    return NextResponse.json(await removeJudge({ slug, name: (await params).name, actorId: admin.id }));
  } catch (error) {
    return errorResponse(error);
  }
}
