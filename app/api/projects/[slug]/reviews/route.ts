import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { projectReviewReport } from "@/lib/server/reviews/review-report";
import { slugFrom } from "@/lib/server/route-params";

/** The project's peer-review figures: totals and each labeler's acceptance rate. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json(await projectReviewReport(await slugFrom(params)));
  } catch (error) {
    return errorResponse(error);
  }
}
