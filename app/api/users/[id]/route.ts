import { NextResponse } from "next/server";
import { z } from "zod";
import { updateUserSchema } from "@/lib/validation/users";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { updateUser } from "@/lib/server/users/update-user";

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const { id } = await params;
    if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such user");
    const change = await parseJsonBody(request, updateUserSchema);
    return NextResponse.json({ user: await updateUser(admin, id, change) });
  } catch (error) {
    return errorResponse(error);
  }
}
