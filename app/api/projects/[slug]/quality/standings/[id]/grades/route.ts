import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { idFrom, slugFrom } from "@/lib/server/route-params";
import { gradeDemonstration } from "@/lib/server/quality/qualification";
import { demonstrationGradeSchema } from "@/lib/validation/quality";

// An admin grades a labeler's qualification demonstration (accepted or not); audited.
export async function POST(request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const userId = await idFrom(params, "No such user");
    const input = await parseJsonBody(request, demonstrationGradeSchema);
    return NextResponse.json(await gradeDemonstration(slug, userId, input, admin.id));
  } catch (error) {
    return errorResponse(error);
  }
}
