import { NextResponse } from "next/server";
import bodyLimits from "@/lib/body-limits.json";
import { requireApiIngest } from "@/lib/server/auth/session";
import { ingestFeedback } from "@/lib/server/feedback/ingest-feedback";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { feedbackBatchSchema } from "@/lib/validation/feedback-events";

/**
 * A batch of production feedback events (docs/FEEDBACK.md), from an admin's token with the
 * "ingest" scope. 200 with what became of each event: accepted, duplicates, refused (index, reason).
 */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    await requireApiIngest(request);
    const slug = await slugFrom(params);
    const body = await parseJsonBody(request, feedbackBatchSchema, bodyLimits.feedbackBytes);
    return NextResponse.json(await ingestFeedback({ slug, events: body.events }));
  } catch (error) {
    return errorResponse(error);
  }
}
