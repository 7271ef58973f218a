import "server-only";
import { checkAnswer } from "@/lib/domain/answers";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { inTransaction, pool } from "@/lib/server/db/client";
import { isUuid } from "@/lib/server/db/query";
import { AppError } from "@/lib/server/errors";
import { requireProject } from "@/lib/server/projects/require-project";
import {
  claimReviewRow,
  lockReview,
  lockReviewedAnswer,
  lockReviewer,
  pendingReviewsFor,
  reviewProjectOf,
  reviewView,
  storeReviewerEdit,
  writeDecision,
  type ReviewView,
} from "@/lib/server/reviews/review-queries";
import type { ReviewDecision } from "@/lib/validation/reviews";

// The review queue (docs/QUALITY.md, "Review of demonstrations"): a reviewer of a project takes
// one pending review at a time and decides on it. Nobody ever gets a review of their own answer:
// the claim's SQL leaves them out, the decision refuses them, and a CHECK constraint backs both.

const notReviewer = (slug: string) => new AppError("not_found", `no project with slug ${slug}`);

export interface ClaimedReview {
  review: (ReviewView & { claimExpiresAt: string }) | null;
  /** Pending reviews this reviewer may still take, the one in hand included. */
  pending: number;
}

/** The reviewer's next review (the one they hold first), or null when none is waiting for them. */
export async function claimNextReview(user: SessionUser, slug: string): Promise<ClaimedReview> {
  const project = await requireProject(slug);
  const claimed = await inTransaction(async (tx) => {
    // Not a reviewer here (or not a member): the project looks missing, as a labeler's would.
    const reviewer = await lockReviewer(tx, project.id, user.id);
    if (!reviewer) throw notReviewer(slug);
    if (reviewer.status === "archived")
      throw new AppError("conflict", "This project is archived", { reason: "archived" });
    // A claim lasts as long as a labeler's lease in the project.
    return claimReviewRow(tx, project.id, user.id, project.leaseSeconds);
  });
  const pending = await pendingReviewsFor(pool(), project.id, user.id);
  if (!claimed) return { review: null, pending };
  const view = await reviewView(pool(), claimed.id);
  return { review: view && { ...view, claimExpiresAt: claimed.claimExpiresAt.toISOString() }, pending };
}

export interface DecisionResult {
  reviewId: string;
  status: "accepted" | "edited" | "rejected";
  /** The answer's revision after the decision (an edit adds one). */
  revision: number;
  /** True when this decision was made before: it is acknowledged again, nothing changes. */
  replayed: boolean;
}

const STATUS_OF = { accept: "accepted", edit: "edited", reject: "rejected" } as const;

/**
 * Decides a review the caller holds. Idempotent: the same decision again (same action, reason or
 * text) answers replayed; a different one on a decided review is a conflict. The answer is locked
 * as an author's edit locks it, and its revision must still be the one the reviewer was shown.
 */
export async function decideReview(
  user: SessionUser,
  reviewId: string,
  decision: ReviewDecision,
): Promise<DecisionResult> {
  if (!isUuid(reviewId)) throw new AppError("not_found", "No such review");
  const status = STATUS_OF[decision.action];
  return inTransaction(async (tx) => {
    // Locks in the claim's order, the reviewer's membership and then the review: a claim and a
    // decision of the same reviewer (two tabs) never wait on each other in a cycle.
    const projectId = await reviewProjectOf(tx, reviewId);
    const reviewer = projectId ? await lockReviewer(tx, projectId, user.id) : null;
    const review = reviewer ? await lockReview(tx, reviewId) : null;
    // Someone else's, one of a project they do not review, or their own: all look missing.
    if (!reviewer || !review || review.authorId === user.id) throw new AppError("not_found", "No such review");
    if (reviewer.status === "archived")
      throw new AppError("conflict", "This project is archived", { reason: "archived" });
    if (review.status !== "pending") {
      const same =
        review.reviewerId === user.id &&
        review.status === status &&
        (decision.action !== "reject" || review.reason === decision.reason) &&
        (decision.action !== "edit" || review.editedText === decision.text);
      if (!same)
        throw new AppError("conflict", `This review was already decided (${review.status})`, {
          reason: "already_decided",
          status: review.status,
        });
      const revision = (await lockReviewedAnswer(tx, review.itemId, review.annotationId)) ?? decision.revision;
      return { reviewId, status, revision, replayed: true };
    }
    if (review.claimedById !== user.id)
      throw new AppError("conflict", "This review is not yours: take it from the queue first", {
        reason: "not_claimed",
      });
    const revision = await lockReviewedAnswer(tx, review.itemId, review.annotationId);
    if (revision === null) throw new AppError("not_found", "No such review");
    if (revision !== decision.revision)
      throw new AppError("conflict", "The author changed this answer since you opened it; reload to see it", {
        reason: "answer_changed",
        revision,
      });
    let editedRevision: number | null = null;
    if (decision.action === "edit") {
      // The project's own rule for a demonstration holds for the reviewer's version too.
      const checked = checkAnswer(
        {
          kind: "demonstration",
          completionIds: [],
          likertEnabled: false,
          allowedFlags: [],
          minDemoLength: review.minDemoLength,
        },
        { text: decision.text },
      );
      if (!checked.ok) throw new AppError("bad_request", checked.problems.join("; "), checked.problems);
      editedRevision = await storeReviewerEdit(tx, {
        reviewId,
        annotationId: review.annotationId,
        text: decision.text,
      });
    }
    await writeDecision(tx, {
      reviewId,
      reviewerId: user.id,
      status,
      revision,
      reason: decision.action === "reject" ? decision.reason : null,
      editedText: decision.action === "edit" ? decision.text : null,
      editedRevision,
    });
    return { reviewId, status, revision: editedRevision ?? revision, replayed: false };
  });
}
