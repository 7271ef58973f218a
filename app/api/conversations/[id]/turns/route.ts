import { NextResponse } from "next/server";
import { turnBodySchema } from "@/lib/validation/conversations";
import { requireApiUser } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { idFrom } from "@/lib/server/route-params";
import { addTurn } from "@/lib/server/conversations/add-turn";

/** The labeler's next message (or tool results): a new turn whose replies are pending. */
export async function POST(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireApiUser(request);
    const id = await idFrom(params, "No such conversation");
    const body = await parseJsonBody(request, turnBodySchema);
    return NextResponse.json({ conversation: await addTurn(user.id, id, body) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
