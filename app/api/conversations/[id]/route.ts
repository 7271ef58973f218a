import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { idFrom } from "@/lib/server/route-params";
import { conversationView } from "@/lib/server/conversations/conversation-state";

/** The labeler's own conversation, as it is now (docs/API.md, "Conversations"). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such conversation");
    return NextResponse.json({ conversation: await conversationView(user.id, id) });
  } catch (error) {
    return errorResponse(error);
  }
}
