import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { startOwnConversation } from "@/lib/server/conversations/start-conversation";

/** A conversation the labeler opens themself, when the project allows it (no imported opening). */
export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireApiUser(request);
    const slug = await slugFrom(params);
    return NextResponse.json({ conversation: await startOwnConversation(user.id, slug) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
