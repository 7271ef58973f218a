import { NextResponse } from "next/server";
import { updateUserSchema } from "@/lib/validation/users";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { idFrom } from "@/lib/server/route-params";
import { updateUser } from "@/lib/server/users/update-user";

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const id = await idFrom(params, "No such user");
    const change = await parseJsonBody(request, updateUserSchema);
    return NextResponse.json({ user: await updateUser(admin, id, change) });
  } catch (error) {
    return errorResponse(error);
  }
}
