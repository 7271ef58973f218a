import type { ProjectKind } from "@/lib/domain/project-kinds";
import type { ChatMessage } from "@/lib/domain/content-hash";

/**
 * A task as the labeler (and the HTTP API) sees it: docs/DESIGN.md's shape plus a few extras.
 * Built by the database function rlhf_task_view (prisma/sql/functions/rlhf_task_view.sql).
 */
export interface TaskView {
  id: string;
  expiresAt: string;
  item: {
    id: string;
    messages: ChatMessage[];
    /** In this labeler's display order. */
    completions: { id: string; text: string }[];
    /**
     * A review of production feedback (docs/FEEDBACK.md): in a demonstration project the first
     * completion is the deployed model's reply, which the labeler confirms or corrects.
     */
    fromFeedback?: boolean;
  };
  project: { slug: string; kind: ProjectKind };
  /** The demonstration saved so far, if any. */
  draft: string | null;
  /**
   * A comparison's or ranking's answer saved so far (lib/validation/answer-draft.ts), if
   * any; the page restores only what still fits the task (lib/domain/answer-draft.ts).
   */
  answerDraft: unknown;
  /** Time spent on this task in earlier visits (reloads), in ms. */
  timeSpentMs: number;
  /**
   * An AI judge's verdict, only when the project shows judge suggestions (docs/JUDGES.md):
   * completion-id groups best first, and the judge's reasoning (plain text).
   */
  judgeSuggestion?: { judge: string; ranking: string[][]; rationale: string | null };
}
