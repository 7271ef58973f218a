import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { feedbackSettingsOf, updateFeedbackSettings } from "@/lib/server/feedback/feedback-settings";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { feedbackSettingsInputSchema } from "@/lib/validation/feedback-settings-input";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json({ feedbackSettings: await feedbackSettingsOf(await slugFrom(params)) });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function PUT(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const input = await parseJsonBody(request, feedbackSettingsInputSchema);
    return NextResponse.json({ feedbackSettings: await updateFeedbackSettings(slug, input, admin.id) });
  } catch (error) {
    return errorResponse(error);
  }
}
