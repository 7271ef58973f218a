import { NextResponse } from "next/server";
import { choiceBodySchema } from "@/lib/validation/conversations";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { idFrom, indexFrom } from "@/lib/server/route-params";
import { chooseReply } from "@/lib/server/conversations/choose-reply";
import { requiredIdempotencyKey } from "@/lib/server/conversations/idempotency-key";

/** The labeler's choice among the turn's replies; the conversation goes on with it. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string; index: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such conversation");
    const index = indexFrom((await params).index, 49, "No such turn");
    const key = requiredIdempotencyKey(request);
    const body = await parseJsonBody(request, choiceBodySchema);
    return NextResponse.json({ conversation: await chooseReply(user.id, id, index, key, body) });
  } catch (error) {
    return errorResponse(error);
  }
}
