import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { revokeApiToken } from "@/lib/server/auth/api-tokens";
import { errorResponse } from "@/lib/server/http";

/** Admins revoke any token; anyone signed in revokes their own; others get 404 (never 403). */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const user = await requireApiUser(request);
    const { id } = await params;
    return NextResponse.json(await revokeApiToken(user, id));
  } catch (error) {
    return errorResponse(error);
  }
}
