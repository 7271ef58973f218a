import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { pool } from "@/lib/server/db/client";
import { errorResponse } from "@/lib/server/http";
import { idFrom } from "@/lib/server/route-params";
import { loadConversation, viewOf } from "@/lib/server/conversations/conversation-state";

/** The labeler's own conversation, as it is now (docs/API.md, "Conversations"). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such conversation");
    return NextResponse.json({ conversation: viewOf(await loadConversation(pool(), user.id, id)) });
  } catch (error) {
    return errorResponse(error);
  }
}
