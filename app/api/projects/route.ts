import { NextResponse } from "next/server";
import { createProjectSchema } from "@/lib/validation/projects";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { errorResponse, parseJsonBody } from "@/lib/server/http";
import { createProject } from "@/lib/server/projects/create-project";
import { listAllProjects } from "@/lib/server/projects/list-projects";

export async function GET(request: Request) {
  try {
    await requireApiAdmin(request);
    return NextResponse.json({ projects: await listAllProjects() });
  } catch (error) {
    return errorResponse(error);
  }
}

export async function POST(request: Request) {
  try {
    const admin = await requireApiAdmin(request);
    const input = await parseJsonBody(request, createProjectSchema);
    const project = await createProject(input, admin.id);
    return NextResponse.json({ project: { id: project.id, slug: project.slug, kind: project.kind } }, { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
