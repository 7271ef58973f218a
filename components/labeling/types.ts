import type { LabelingProject } from "@/lib/server/projects/project-for-labeler";
import type { TaskView } from "@/lib/server/queue/task-view";
import type { SubmitBody } from "@/lib/validation/tasks";

export type { LabelingProject, SubmitBody, TaskView };

/** What a task component hands the workspace: the body to submit, or why it cannot be yet. */
export type Draft = { ready: true; body: SubmitBody } | { ready: false; hint: string };

/** Shortcut keys a task component handles; returns true when it used the event. */
export type KeyHandler = (event: KeyboardEvent) => boolean;

export interface TaskProps {
  project: LabelingProject;
  task: TaskView;
  /** When work on the task began, counting earlier visits (ms since the epoch): drafts save the time spent. */
  startedAt: number;
  /** False once the lease is lost or while submitting: the labeler can read and copy, not change. */
  editable: boolean;
  onDraftChange: (draft: Draft) => void;
  registerKeys: (handler: KeyHandler | null) => void;
  /** Edit mode (answer-editor.tsx): the stored answer to start from; no drafts are saved. */
  initial?: SubmitBody;
}
