import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { claimNextReview } from "@/lib/server/reviews/review-queue";
import { slugFrom } from "@/lib/server/route-params";

/** A reviewer takes their next demonstration to review (docs/API.md, "Peer review"). */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireApiUser(request);
    const slug = await slugFrom(params);
    return NextResponse.json(await claimNextReview(user, slug));
  } catch (error) {
    return errorResponse(error);
  }
}
