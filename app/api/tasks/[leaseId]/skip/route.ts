import { NextResponse } from "next/server";
import { skipBodySchema } from "@/lib/validation/tasks";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { leaseIdFrom } from "@/lib/server/route-params";
import { skipTask } from "@/lib/server/queue/skip-task";

export async function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  try {
    const user = await requireApiUser(request);
    const leaseId = await leaseIdFrom(params);
    const { reason } = await parseJsonBody(request, skipBodySchema);
    await skipTask(user, leaseId, reason);
    return NextResponse.json({ skipped: true });
  } catch (error) {
    return errorResponse(error);
  }
}
