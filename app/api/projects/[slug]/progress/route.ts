import { NextResponse } from "next/server";
import { requireApiUser } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { errorResponse, zodIssues } from "@/lib/server/http";
import { workspaceProgress } from "@/lib/server/projects/workspace-progress";
import { slugFrom } from "@/lib/server/route-params";
import { progressQuerySchema } from "@/lib/validation/answers";

/** The labeling page's progress line: tasks left for the caller, and their answers since `since`. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const user = await requireApiUser(request);
    const slug = await slugFrom(params);
    const query = progressQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("bad_request", "Invalid query", zodIssues(query.error));
    const since = query.data.since ? new Date(query.data.since) : new Date();
    const progress = await workspaceProgress(user, slug, since);
    return NextResponse.json(progress, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}
