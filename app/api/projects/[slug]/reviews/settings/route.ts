import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { reviewSettings, updateReviewSettings } from "@/lib/server/reviews/review-settings";
import { slugFrom } from "@/lib/server/route-params";
import { reviewSettingsSchema } from "@/lib/validation/reviews";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json(await reviewSettings(await slugFrom(params)));
  } catch (error) {
    return errorResponse(error);
  }
}

export async function PUT(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, reviewSettingsSchema);
    return NextResponse.json(await updateReviewSettings(slug, input, admin.id));
  } catch (error) {
    return errorResponse(error);
  }
}
