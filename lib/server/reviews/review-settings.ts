import "server-only";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { requireProject } from "@/lib/server/projects/require-project";
import { reviewRateOf, setReviewRate } from "@/lib/server/reviews/review-queries";
import { reviewSettingsSchema } from "@/lib/validation/reviews";

/** A project's peer-review settings (docs/QUALITY.md, "Review of demonstrations"). */
export async function reviewSettings(slug: string) {
  const project = await requireProject(slug);
  return { reviewRate: await reviewRateOf(pool(), project.id) };
}

/** Only demonstrations are reviewed: another kind may keep a rate of 0 only. */
export function assertReviewable(kind: string, reviewRate: number) {
  if (kind !== "demonstration" && reviewRate > 0)
    throw new AppError("bad_request", `only demonstrations are reviewed: this is a ${kind} project`);
}

/**
 * Sets the share of new demonstrations sent to a reviewer. Answers already submitted keep
 * their fate: a higher rate does not sample old answers, a lower one leaves pending reviews pending.
 */
export async function updateReviewSettings(slug: string, input: unknown, actorId: string | null) {
  const { reviewRate } = reviewSettingsSchema.parse(input);
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx });
    assertReviewable(project.kind, reviewRate);
    const before = await setReviewRate(tx, project.id, reviewRate);
    await recordAudit(tx, {
      actorId,
      action: "project.review_settings",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before: { reviewRate: before },
      after: { reviewRate },
    });
    return { reviewRate };
  });
}
