import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { chatMessagesSchema } from "@/lib/validation/stored-json";

// Peer review of demonstrations (docs/QUALITY.md, "Review of demonstrations"): the review
// queue's claim and decision, the settings, and the figures. Reviews are created by
// rlhf_submit_annotation (prisma/sql/functions) in the submit's own transaction.

const reviewerRow = z.object({ user_id: z.string(), status: z.string() });

/**
 * Locks the caller's membership when it is a reviewer's in a project that is not archived:
 * one claim per reviewer at a time (two tabs do not take two reviews).
 */
export async function lockReviewer(db: Queryable, projectId: string, userId: string) {
  return queryRow(
    db,
    reviewerRow,
    `SELECT m.user_id, p.status::text AS status FROM memberships m JOIN projects p ON p.id = m.project_id
      WHERE m.project_id = $1 AND m.user_id = $2 AND m.role = 'reviewer'
      FOR UPDATE OF m`,
    [projectId, userId],
  );
}

const claimedRow = z
  .object({ id: z.string(), claim_expires_at: z.date() })
  .transform((r) => ({ id: r.id, claimExpiresAt: r.claim_expires_at }));

/**
 * Takes the reviewer's next review: the one they already hold, else the oldest pending one that
 * nobody holds (or whose claim ran out) and that is not their own work. SKIP LOCKED: concurrent
 * reviewers never wait for, nor get, the same row. The claim runs `seconds` from now.
 */
export async function claimReviewRow(db: Queryable, projectId: string, reviewerId: string, seconds: number) {
  return queryRow(
    db,
    claimedRow,
    `WITH held AS (
       SELECT r.id FROM demonstration_reviews r
        WHERE r.project_id = $1 AND r.status = 'pending' AND r.claimed_by_id = $2 AND r.claim_expires_at > now()
          AND r.author_id <> $2
        ORDER BY r.created_at, r.id LIMIT 1
     ), free AS (
       SELECT r.id FROM demonstration_reviews r
        WHERE r.project_id = $1 AND r.status = 'pending' AND r.author_id <> $2
          AND (r.claimed_by_id IS NULL OR r.claim_expires_at <= now())
          AND NOT EXISTS (SELECT 1 FROM held)
        ORDER BY r.created_at, r.id LIMIT 1
        FOR UPDATE SKIP LOCKED
     )
     UPDATE demonstration_reviews r
        SET claimed_by_id = $2, claim_expires_at = now() + make_interval(secs => $3)
      WHERE r.id IN (SELECT id FROM held UNION ALL SELECT id FROM free)
     RETURNING r.id, r.claim_expires_at`,
    [projectId, reviewerId, seconds],
  );
}

const reviewViewRow = z
  .object({
    id: z.string(),
    annotation_id: z.string(),
    item_number: z.number(),
    messages: chatMessagesSchema,
    text: z.string().nullable(),
    revision: z.number(),
    submitted_at: z.date(),
  })
  .transform((r) => ({
    id: r.id,
    annotationId: r.annotation_id,
    itemNumber: r.item_number,
    messages: r.messages,
    text: r.text ?? "",
    revision: r.revision,
    submittedAt: r.submitted_at,
  }));
export type ReviewView = z.output<typeof reviewViewRow>;

/** What a reviewer is shown: the prompt and the answer as it is now (never who wrote it). */
export async function reviewView(db: Queryable, reviewId: string) {
  return queryRow(
    db,
    reviewViewRow,
    `SELECT r.id, a.id AS annotation_id, i.number AS item_number, i.messages, a.text, a.revision,
            a.created_at AS submitted_at
       FROM demonstration_reviews r JOIN annotations a ON a.id = r.annotation_id JOIN items i ON i.id = a.item_id
      WHERE r.id = $1`,
    [reviewId],
  );
}

const countRow = z.object({ n: z.coerce.number() });

/** Pending reviews this reviewer may take (their own work left out). */
export async function pendingReviewsFor(db: Queryable, projectId: string, reviewerId: string): Promise<number> {
  const row = await queryRow(
    db,
    countRow,
    `SELECT count(*)::text AS n FROM demonstration_reviews
      WHERE project_id = $1 AND status = 'pending' AND author_id <> $2`,
    [projectId, reviewerId],
  );
  return row?.n ?? 0;
}

const lockedReviewRow = z
  .object({
    id: z.string(),
    project_id: z.string(),
    author_id: z.string(),
    status: z.enum(["pending", "accepted", "edited", "rejected"]),
    claimed_by_id: z.string().nullable(),
    reviewer_id: z.string().nullable(),
    reason: z.string().nullable(),
    edited_text: z.string().nullable(),
    annotation_id: z.string(),
    item_id: z.string(),
    min_demo_length: z.number(),
  })
  .transform((r) => ({
    id: r.id,
    projectId: r.project_id,
    authorId: r.author_id,
    status: r.status,
    claimedById: r.claimed_by_id,
    reviewerId: r.reviewer_id,
    reason: r.reason,
    editedText: r.edited_text,
    annotationId: r.annotation_id,
    itemId: r.item_id,
    minDemoLength: r.min_demo_length,
  }));

/** The project of a review (null: no such review). */
export async function reviewProjectOf(db: Queryable, reviewId: string): Promise<string | null> {
  const row = await queryRow(
    db,
    z.object({ project_id: z.string() }),
    "SELECT project_id FROM demonstration_reviews WHERE id = $1",
    [reviewId],
  );
  return row?.project_id ?? null;
}

/** A review, locked for its decision, with what the decision needs to know. */
export async function lockReview(db: Queryable, reviewId: string) {
  return queryRow(
    db,
    lockedReviewRow,
    `SELECT r.id, r.project_id, r.author_id, r.status, r.claimed_by_id, r.reviewer_id, r.reason, r.edited_text,
            r.annotation_id, a.item_id, p.min_demo_length
       FROM demonstration_reviews r JOIN annotations a ON a.id = r.annotation_id JOIN projects p ON p.id = r.project_id
      WHERE r.id = $1
      FOR UPDATE OF r`,
    [reviewId],
  );
}

const annotationRevisionRow = z.object({ revision: z.number() });

/**
 * Locks the reviewed answer as an edit of it does (the item, then the answer: the order of
 * rlhf_edit_annotation), so a decision and an author's edit never interleave. Its revision now.
 */
export async function lockReviewedAnswer(db: Queryable, itemId: string, annotationId: string) {
  await execute(db, "SELECT 1 FROM items WHERE id = $1 FOR NO KEY UPDATE", [itemId]);
  const row = await queryRow(db, annotationRevisionRow, "SELECT revision FROM annotations WHERE id = $1 FOR UPDATE", [
    annotationId,
  ]);
  return row?.revision ?? null;
}

/**
 * A reviewer's edit: the version the author wrote is kept in answer_revisions (as an author's own
 * edit keeps it, replaced by the key "review:<id>"), and the answer becomes the reviewer's text
 * at the next revision. Exports and the author's page read the answer row, so they see the edit.
 */
export async function storeReviewerEdit(
  db: Queryable,
  e: { reviewId: string; annotationId: string; text: string },
): Promise<number> {
  await execute(
    db,
    `INSERT INTO answer_revisions (id, annotation_id, project_id, labeler_id, revision, text, comment, time_spent_ms,
                                   made_at, replaced_by_key)
     SELECT gen_random_uuid(), a.id, a.project_id, a.labeler_id, a.revision, a.text, a.comment, a.time_spent_ms,
            coalesce(a.edited_at, a.created_at), 'review:' || $2
       FROM annotations a WHERE a.id = $1`,
    [e.annotationId, e.reviewId],
  );
  const row = await queryRow(
    db,
    annotationRevisionRow,
    `UPDATE annotations SET text = $2, revision = revision + 1, edited_at = now() WHERE id = $1 RETURNING revision`,
    [e.annotationId, e.text],
  );
  return row!.revision;
}

/** Records a decision and ends the claim. */
export async function writeDecision(
  db: Queryable,
  d: {
    reviewId: string;
    reviewerId: string;
    status: "accepted" | "edited" | "rejected";
    revision: number;
    reason: string | null;
    editedText: string | null;
    editedRevision: number | null;
  },
): Promise<Date> {
  const row = await queryRow(
    db,
    z.object({ decided_at: z.date() }),
    `UPDATE demonstration_reviews
        SET status = $3, reviewer_id = $2, revision = $4, reason = $5, edited_text = $6, edited_revision = $7,
            decided_at = now(), claimed_by_id = NULL, claim_expires_at = NULL
      WHERE id = $1 RETURNING decided_at`,
    [d.reviewId, d.reviewerId, d.status, d.revision, d.reason, d.editedText, d.editedRevision],
  );
  return row!.decided_at;
}

/** The project's review rate, before the change; null when there is no such project. */
export async function setReviewRate(db: Queryable, projectId: string, rate: number): Promise<number | null> {
  const row = await queryRow(
    db,
    z.object({ before: z.number() }),
    `UPDATE projects p SET review_rate = $2 FROM (SELECT review_rate FROM projects WHERE id = $1 FOR UPDATE) old
      WHERE p.id = $1 RETURNING old.review_rate AS before`,
    [projectId, rate],
  );
  return row?.before ?? null;
}

export async function reviewRateOf(db: Queryable, projectId: string): Promise<number> {
  const row = await queryRow(
    db,
    z.object({ review_rate: z.number() }),
    "SELECT review_rate FROM projects WHERE id = $1",
    [projectId],
  );
  return row?.review_rate ?? 0;
}

/** Whether a project reviews demonstrations: a review rate above 0, or reviews from before. */
export async function projectReviews(db: Queryable, projectId: string): Promise<boolean> {
  const row = await queryRow(
    db,
    z.object({ reviews: z.boolean() }),
    `SELECT (SELECT review_rate > 0 FROM projects WHERE id = $1)
            OR EXISTS (SELECT 1 FROM demonstration_reviews WHERE project_id = $1) AS reviews`,
    [projectId],
  );
  return row?.reviews ?? false;
}

const labelerReviewRow = z
  .object({
    project_id: z.string(),
    labeler_id: z.string(),
    email: z.string(),
    accepted: z.coerce.number(),
    edited: z.coerce.number(),
    rejected: z.coerce.number(),
    pending: z.coerce.number(),
  })
  .transform((r) => ({
    projectId: r.project_id,
    labelerId: r.labeler_id,
    email: r.email,
    accepted: r.accepted,
    edited: r.edited,
    rejected: r.rejected,
    pending: r.pending,
  }));
export type LabelerReviewCounts = z.output<typeof labelerReviewRow>;

/** Review outcomes per author in a project (or, with a labeler, that labeler's only). */
export async function reviewCountsByAuthor(db: Queryable, projectId: string | null, labelerId: string | null = null) {
  return queryRows(
    db,
    labelerReviewRow,
    `SELECT r.project_id, r.author_id AS labeler_id, u.email,
            count(*) FILTER (WHERE r.status = 'accepted')::text AS accepted,
            count(*) FILTER (WHERE r.status = 'edited')::text AS edited,
            count(*) FILTER (WHERE r.status = 'rejected')::text AS rejected,
            count(*) FILTER (WHERE r.status = 'pending')::text AS pending
       FROM demonstration_reviews r JOIN users u ON u.id = r.author_id
      WHERE ($1::uuid IS NULL OR r.project_id = $1) AND ($2::uuid IS NULL OR r.author_id = $2)
      GROUP BY r.project_id, r.author_id, u.email
      ORDER BY u.email`,
    [projectId, labelerId],
  );
}

const feedbackRow = z
  .object({
    annotation_id: z.string(),
    status: z.enum(["pending", "accepted", "edited", "rejected"]),
    reason: z.string().nullable(),
    edited_text: z.string().nullable(),
    decided_at: z.date().nullable(),
  })
  .transform((r) => ({
    annotationId: r.annotation_id,
    status: r.status,
    reason: r.reason,
    editedText: r.edited_text,
    decidedAt: r.decided_at,
  }));
export type ReviewFeedback = z.output<typeof feedbackRow>;

/** The reviews of some of an author's answers (never anyone else's: the author is in the filter). */
export async function feedbackOn(db: Queryable, authorId: string, annotationIds: string[]) {
  if (annotationIds.length === 0) return [];
  return queryRows(
    db,
    feedbackRow,
    `SELECT annotation_id, status, reason, edited_text, decided_at FROM demonstration_reviews
      WHERE author_id = $1 AND annotation_id = ANY($2::uuid[])`,
    [authorId, annotationIds],
  );
}

/** Sets a member's role; the role before, or null when the user is not a member. */
export async function setMembershipRole(
  db: Queryable,
  projectId: string,
  userId: string,
  role: string,
): Promise<string | null> {
  const row = await queryRow(
    db,
    z.object({ before: z.string() }),
    `UPDATE memberships m SET role = $3
       FROM (SELECT role FROM memberships WHERE project_id = $1 AND user_id = $2 FOR UPDATE) old
      WHERE m.project_id = $1 AND m.user_id = $2 RETURNING old.role AS before`,
    [projectId, userId, role],
  );
  return row?.before ?? null;
}
