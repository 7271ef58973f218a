import { NextResponse } from "next/server";
import { addMemberSchema } from "@/lib/validation/projects";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { addProjectMember } from "@/lib/server/projects/add-member";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const { email } = await parseJsonBody(request, addMemberSchema);
    const result = await addProjectMember(slug, email, admin.id);
    return NextResponse.json(result, { status: result.added ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}
