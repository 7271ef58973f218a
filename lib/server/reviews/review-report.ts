import "server-only";
import { acceptanceRate } from "@/lib/domain/quality/acceptance";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { db, pool } from "@/lib/server/db/client";
import { requireProject } from "@/lib/server/projects/require-project";
import {
  feedbackOn,
  reviewCountsByAuthor,
  reviewRateOf,
  type ReviewFeedback,
} from "@/lib/server/reviews/review-queries";

// What peer review shows: per labeler acceptance (the Quality tab, the labeler's page, the API),
// the projects a user reviews, and an author's feedback on their own answers.

function withRate<T extends { accepted: number; edited: number; rejected: number }>(row: T) {
  return { ...row, acceptanceRate: acceptanceRate(row) };
}

/** A project's review figures: the rate, totals and each labeler's outcomes and acceptance rate. */
export async function projectReviewReport(slug: string) {
  const project = await requireProject(slug);
  const [reviewRate, rows] = await Promise.all([
    reviewRateOf(pool(), project.id),
    reviewCountsByAuthor(pool(), project.id),
  ]);
  const labelers = rows.map(({ projectId: _p, ...row }) => withRate(row));
  const totals = labelers.reduce(
    (t, l) => ({
      accepted: t.accepted + l.accepted,
      edited: t.edited + l.edited,
      rejected: t.rejected + l.rejected,
      pending: t.pending + l.pending,
    }),
    { accepted: 0, edited: 0, rejected: 0, pending: 0 },
  );
  return { project: project.slug, reviewRate, totals: withRate(totals), labelers };
}
export type ProjectReviewReport = Awaited<ReturnType<typeof projectReviewReport>>;

/** One labeler's review outcomes per project id (the labeler's page). */
export async function labelerReviewOutcomes(labelerId: string) {
  const rows = await reviewCountsByAuthor(pool(), null, labelerId);
  return new Map(rows.map((r) => [r.projectId, withRate(r)]));
}

/** The projects in which the user is a reviewer (their home page links to each queue). */
export async function projectsReviewedBy(user: SessionUser) {
  const rows = await db.membership.findMany({
    where: { userId: user.id, role: "reviewer", project: { status: { not: "archived" }, kind: "demonstration" } },
    select: { project: { select: { slug: true, name: true } } },
    orderBy: { project: { name: "asc" } },
  });
  return rows.map((r) => r.project);
}

/** Whether the user reviews this project (a page shows the queue only then). */
export async function reviewsProject(user: SessionUser, slug: string) {
  const row = await db.membership.findFirst({
    where: { userId: user.id, role: "reviewer", project: { slug } },
    select: { project: { select: { slug: true, name: true, kind: true, status: true } } },
  });
  return row?.project ?? null;
}

/** The reviews of some of the user's own answers, by answer id. */
export async function feedbackOnOwnAnswers(
  user: SessionUser,
  annotationIds: string[],
): Promise<Map<string, ReviewFeedback>> {
  const rows = await feedbackOn(pool(), user.id, annotationIds);
  return new Map(rows.map((r) => [r.annotationId, r]));
}
