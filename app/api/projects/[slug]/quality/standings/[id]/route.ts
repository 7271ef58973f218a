import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { idFrom, slugFrom } from "@/lib/server/route-params";
import { overrideStanding } from "@/lib/server/quality/qualification";
import { standingOverrideSchema } from "@/lib/validation/quality";

// An admin's override of a labeler's standing: pass, fail or unpause, with a reason (audited).
export async function POST(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const userId = await idFrom(params, "No such user");
    const input = await parseJsonBody(request, standingOverrideSchema);
    return NextResponse.json(await overrideStanding(slug, userId, input, admin.id));
  } catch (error) {
    return errorResponse(error);
  }
}
