import "server-only";
import { editState, type EditState } from "@/lib/domain/answer-edit";
import { ownAnswer, recentAnswers, type RecentAnswerRow, type StoredAnswer } from "@/lib/server/answers/answer-queries";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import type { ReviewFeedback } from "@/lib/server/reviews/review-queries";
import { feedbackOnOwnAnswers } from "@/lib/server/reviews/review-report";

/** What a page or the API says about whether the answer can still change. */
export interface EditStatus {
  editable: boolean;
  /** Set while editable: when the window closes (ISO). */
  editableUntil: string | null;
  /** Set when not editable: an EditLock (lib/domain/answer-edit.ts), e.g. window_closed or exported. */
  lock: string | null;
}

function status(
  row: {
    createdAt: Date;
    exported: boolean;
    qualityLock: "trained" | "qualification" | null;
    project: { kind: string; status: string; editWindowSeconds: number };
  },
  now: Date,
): EditStatus {
  const state: EditState = editState({
    now,
    submittedAt: row.createdAt,
    windowSeconds: row.project.editWindowSeconds,
    exported: row.exported,
    projectArchived: row.project.status === "archived",
    conversation: row.project.kind === "conversation",
    qualityLock: row.qualityLock,
  });
  return state.editable
    ? { editable: true, editableUntil: state.until.toISOString(), lock: null }
    : { editable: false, editableUntil: null, lock: state.lock };
}

export type OwnAnswer = StoredAnswer & { edit: EditStatus };

/** One of the caller's own answers with its task, for the edit mode; anyone else's is a 404. */
export async function ownAnswerForEdit(user: SessionUser, annotationId: string): Promise<OwnAnswer> {
  const row = await ownAnswer(pool(), annotationId, user.id);
  if (!row) throw new AppError("not_found", "No such answer");
  return { ...row, edit: status(row, new Date()) };
}

export type RecentAnswer = RecentAnswerRow & { edit: EditStatus; review: ReviewFeedback | null };

/**
 * The caller's newest answers (in the projects they are still a member of), newest first, each
 * with its peer review when it was sampled for one (docs/QUALITY.md): a decided one is final.
 */
export async function recentAnswersOf(
  user: SessionUser,
  options: { project?: string | null; limit?: number } = {},
): Promise<RecentAnswer[]> {
  const now = new Date();
  const rows = await recentAnswers(pool(), user.id, options.project ?? null, options.limit ?? 50);
  const reviews = await feedbackOnOwnAnswers(
    user,
    rows.filter((r) => r.project.kind === "demonstration").map((r) => r.id),
  );
  return rows.map((row) => {
    const review = reviews.get(row.id) ?? null;
    const decided = review !== null && review.status !== "pending";
    const edit: EditStatus = decided ? { editable: false, editableUntil: null, lock: "reviewed" } : status(row, now);
    return { ...row, edit, review };
  });
}
