import { NextResponse } from "next/server";
import { addMemberSchema } from "@/lib/validation/projects";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { slugFrom } from "@/lib/server/route-params";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { setMemberRole } from "@/lib/server/projects/set-member-role";
import { setMemberRoleSchema } from "@/lib/validation/reviews";

export async function POST(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const { email, role } = await parseJsonBody(request, addMemberSchema);
    const result = await addProjectMember(slug, email, admin.id, role);
    return NextResponse.json(result, { status: result.added ? 201 : 200 });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Changes a member's role (peer review, docs/QUALITY.md): {"email", "role": "labeler"|"reviewer"}. */
export async function PATCH(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const admin = await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const { email, role } = await parseJsonBody(request, setMemberRoleSchema);
    return NextResponse.json(await setMemberRole(slug, email, role, admin.id));
  } catch (error) {
    return errorResponse(error);
  }
}
