import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { leaseIdFrom } from "@/lib/server/route-params";
import { conversationForLease } from "@/lib/server/conversations/start-conversation";

/** The conversation of a task on a conversation project: made the first time, the same one after. */
export async function POST(request: Request, { params }: { params: Promise<{ leaseId: string }> }) {
  try {
    const user = await requireApiUser(request);
    const leaseId = await leaseIdFrom(params);
    return NextResponse.json({ conversation: await conversationForLease(user.id, leaseId) });
  } catch (error) {
    return errorResponse(error);
  }
}
