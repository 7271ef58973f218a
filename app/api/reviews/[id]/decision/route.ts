import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { decideReview } from "@/lib/server/reviews/review-queue";
import { idFrom } from "@/lib/server/route-params";
import { reviewDecisionSchema } from "@/lib/validation/reviews";

/** A reviewer accepts, edits or rejects the demonstration they hold (docs/API.md, "Peer review"). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such review");
    const decision = await parseJsonBody(request, reviewDecisionSchema);
    return NextResponse.json(await decideReview(user, id, decision));
  } catch (error) {
    return errorResponse(error);
  }
}
