import { NextResponse } from "next/server";
import { draftBodySchema } from "@/lib/validation/tasks";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { leaseIdFrom } from "@/lib/server/route-params";
import { saveDraft } from "@/lib/server/queue/save-draft";

export async function PUT(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  try {
    const user = await requireApiUser(request);
    const leaseId = await leaseIdFrom(params);
    const draft = await parseJsonBody(request, draftBodySchema);
    return NextResponse.json(await saveDraft(user, leaseId, draft));
  } catch (error) {
    return errorResponse(error);
  }
}
