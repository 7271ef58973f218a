import { NextResponse } from "next/server";
import { finishBodySchema } from "@/lib/validation/conversations";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { idFrom } from "@/lib/server/route-params";
import { finishConversation } from "@/lib/server/conversations/finish-conversation";
import { requiredIdempotencyKey } from "@/lib/server/conversations/idempotency-key";

/** Ends the conversation: its task's answer is submitted (exactly once per Idempotency-Key). */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such conversation");
    const key = requiredIdempotencyKey(request);
    const body = await parseJsonBody(request, finishBodySchema);
    return NextResponse.json({ conversation: await finishConversation(user.id, id, key, body) });
  } catch (error) {
    return errorResponse(error);
  }
}
