// Whether a labeler may still change an answer, and how the pages say it. Pure: the database
// function rlhf_edit_annotation enforces the same rule (prisma/sql/functions); this is what the
// pages show before anyone presses Save. The rule (docs/GUIDE.md, "Changing an answer"): the
// author may change an answer until the project's edit window, counted from the first submit,
// closes, unless the answer is final (the project was exported after it) or the project is archived.

export type EditLock =
  "window_closed" | "exported" | "archived" | "disabled" | "conversation" | "reviewed" | "trained" | "qualification";

export type EditState = { editable: true; until: Date } | { editable: false; lock: EditLock };

export function editState(a: {
  now: Date;
  submittedAt: Date;
  windowSeconds: number;
  exported: boolean;
  projectArchived: boolean;
  /** A conversation's choices were made turn by turn, each on what the last one started: never changed after. */
  conversation?: boolean;
  /** The quality program made it final (docs/QUALITY.md): training feedback, or a decided qualification. */
  qualityLock?: "trained" | "qualification" | null;
}): EditState {
  if (a.conversation) return { editable: false, lock: "conversation" };
  if (a.projectArchived) return { editable: false, lock: "archived" };
  if (a.windowSeconds <= 0) return { editable: false, lock: "disabled" };
  if (a.exported) return { editable: false, lock: "exported" };
  if (a.qualityLock) return { editable: false, lock: a.qualityLock };
  const until = new Date(a.submittedAt.getTime() + a.windowSeconds * 1000);
  return a.now < until ? { editable: true, until } : { editable: false, lock: "window_closed" };
}

export const EDIT_LOCK_TEXT: Record<EditLock, string> = {
  window_closed: "Locked: the time to change it is over",
  exported: "Locked: the project was exported after this answer",
  archived: "Locked: the project is archived",
  disabled: "Locked: this project does not allow changes",
  conversation: "A conversation is final once finished",
  reviewed: "Locked: a reviewer has decided on it",
  trained: "Locked: the expected answer was shown after it",
  qualification: "Locked: your qualification was decided with it",
};

/** "9:41 left" for the time until `until`; never negative. */
export function timeLeftLabel(until: Date, now: Date): string {
  const seconds = Math.max(0, Math.floor((until.getTime() - now.getTime()) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")} left`;
}

/** "0:42", "1:02:05": elapsed time on a task. */
export function elapsedLabel(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}
