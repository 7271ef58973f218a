import Link from "next/link";
import type { Notice } from "./task-session-state";

const TONES = {
  error: "bg-rose-50 text-rose-800 ring-rose-200",
  warning: "bg-amber-50 text-amber-900 ring-amber-200",
  info: "bg-sky-50 text-sky-900 ring-sky-200",
} as const;

/**
 * The one line that says what just happened (submitted, retrying, refused ...). Its space is
 * kept when there is nothing to say, so a notice coming or going never moves the task.
 */
export function NoticeLine({ notice }: { notice: Notice }) {
  return (
    <div className="mb-4 min-h-9">
      {notice ? (
        <p role="status" data-testid="notice" className={`rounded-md px-4 py-2 text-sm ring-1 ${TONES[notice.tone]}`}>
          {notice.text}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The task stopped being this labeler's. The work stays on the page (read-only) so it can be
 * copied; an archived project gets its own words, since asking for a new task is pointless.
 */
export function LeaseLostBanner({
  reason,
  state,
  onNewTask,
}: {
  reason?: string;
  /** The lease's state: "submitted" when it was submitted from another tab or window. */
  state?: string;
  onNewTask: () => void;
}) {
  return (
    <div
      role="alert"
      data-testid="lease-lost"
      className="mb-4 rounded-md bg-rose-50 px-4 py-3 text-sm text-rose-900 ring-1 ring-rose-200"
    >
      {state === "submitted" && reason !== "project_archived" ? (
        <>
          <p className="font-semibold">This task was already submitted, in another tab or window.</p>
          <p className="mt-1">Your answer from there is the one stored; nothing here was sent.</p>
          <button
            type="button"
            onClick={onNewTask}
            className="mt-2 rounded-md bg-rose-700 px-3 py-1.5 text-sm font-semibold text-white"
          >
            Get the next task
          </button>
        </>
      ) : reason === "project_archived" ? (
        <>
          <p className="font-semibold">This project was archived.</p>
          <p className="mt-1">
            An admin archived it, so its tasks can no longer be submitted. Your work is still shown below: copy anything
            you want to keep.
          </p>
          <Link
            href="/"
            className="mt-2 inline-block rounded-md bg-rose-700 px-3 py-1.5 text-sm font-semibold text-white"
          >
            Back to my projects
          </Link>
        </>
      ) : (
        <>
          <p className="font-semibold">This task is no longer reserved for you.</p>
          <p className="mt-1">
            It was away too long and was given to another labeler, so it can no longer be submitted. Your work is still
            shown below: copy anything you want to keep.
          </p>
          <button
            type="button"
            onClick={onNewTask}
            className="mt-2 rounded-md bg-rose-700 px-3 py-1.5 text-sm font-semibold text-white"
          >
            Get a new task
          </button>
        </>
      )}
    </div>
  );
}
