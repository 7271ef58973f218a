import { NextResponse } from "next/server";
import { judgeSuggestionsSchema } from "@/lib/validation/judges";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { judgeSuggestionSetting, updateJudgeSuggestions } from "@/lib/server/judges/judge-suggestions";
import { slugFrom } from "@/lib/server/route-params";

type Params = { params: Promise<{ slug: string }> };

/** Whether labelers see the judges' verdicts as suggestions. */
export async function GET(request: Request, { params }: Params) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    return NextResponse.json(await judgeSuggestionSetting(slug));
  } catch (error) {
    return errorResponse(error);
  }
}

export async function PUT(request: Request, { params }: Params) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, judgeSuggestionsSchema);
    return NextResponse.json(await updateJudgeSuggestions({ slug, input, actorId: admin.id }));
  } catch (error) {
    return errorResponse(error);
  }
}
