import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse } from "@/lib/server/http";
import { idFrom, indexFrom } from "@/lib/server/route-params";
import { regenerateReply } from "@/lib/server/conversations/regenerate-reply";

/** A new attempt at a reply that failed or stopped; the page then opens the turn's stream again. */
export async function POST(
  request: Request,
  { params }: { params: Promise<{ id: string; index: string; position: string }> },
) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such conversation");
    const { index, position } = await params;
    const turn = indexFrom(index, 49, "No such turn");
    const reply = indexFrom(position, 3, "No such reply");
    return NextResponse.json({ conversation: await regenerateReply(user.id, id, turn, reply) });
  } catch (error) {
    return errorResponse(error);
  }
}
