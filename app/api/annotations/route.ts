import { NextResponse } from "next/server";
import { recentAnswersOf } from "@/lib/server/answers/own-answers";
import { requireApiUser } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { errorResponse, zodIssues } from "@/lib/server/http";
import { recentAnswersQuerySchema } from "@/lib/validation/answers";

/** The caller's own recent answers, newest first, each saying whether it can still be changed. */
export async function GET(request: Request) {
  try {
    const user = await requireApiUser(request);
    const query = recentAnswersQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success) throw new AppError("bad_request", "Invalid query", zodIssues(query.error));
    const answers = await recentAnswersOf(user, query.data);
    return NextResponse.json({
      answers: answers.map((a) => ({
        id: a.id,
        project: { slug: a.project.slug, name: a.project.name, kind: a.project.kind },
        prompt: a.prompt,
        revision: a.revision,
        createdAt: a.createdAt,
        editedAt: a.editedAt,
        ...a.edit,
        // Peer review of a demonstration (docs/QUALITY.md): null when it was not sampled.
        review: a.review && {
          status: a.review.status,
          reason: a.review.reason,
          editedText: a.review.editedText,
          decidedAt: a.review.decidedAt,
        },
      })),
    });
  } catch (error) {
    return errorResponse(error);
  }
}
