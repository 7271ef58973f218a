import { NextResponse } from "next/server";
import { createUserSchema } from "@/lib/validation/users";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { createUser } from "@/lib/server/users/create-user";
import { listUsers } from "@/lib/server/users/list-users";

export async function GET(request: Request) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json({ users: await listUsers() });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  try {
    const admin = await requireApiAdmin(request);
    const input = await parseJsonBody(request, createUserSchema);
    return NextResponse.json({ user: await createUser(input, admin.id) }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
