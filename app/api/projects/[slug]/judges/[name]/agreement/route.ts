import { NextResponse } from "next/server";
import { requireApiAdmin } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { errorResponse, zodIssues } from "@/lib/server/http";
import { judgeAgreementReport } from "@/lib/server/judges/judge-agreement";
import { slugFrom } from "@/lib/server/route-params";
import { disagreementPageSchema, isJudgeName } from "@/lib/validation/judge-agreement";

/** How a judge agrees with the project's human answers (docs/JUDGES.md); ?offset=&limit= page the disagreements. */
export async function GET(request: Request, { params }: { params: Promise<{ slug: string; name: string }> }) {
  try {
    await requireApiAdmin(request);
    const slug = await slugFrom(params);
    const { name } = await params;
    if (!isJudgeName(name)) throw new AppError("not_found", "No such judge");
    const page = disagreementPageSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!page.success) throw new AppError("bad_request", "Invalid query", zodIssues(page.error));
    return NextResponse.json(await judgeAgreementReport({ slug, judge: name, page: page.data }));
  } catch (error) {
    return errorResponse(error);
  }
}
