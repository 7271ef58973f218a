import Link from "next/link";
import { Suspense } from "react";
import { BlockedNotice } from "./blocked-notice";
import { JudgeSuggestion } from "./judge-suggestion";
import { itemTaskKind, TASKS } from "./task-kinds";
import type { Phase } from "./task-session-state";
import type { Draft, KeyHandler, LabelingProject } from "./types";

const loading = (
  <p className="py-16 text-center text-sm text-slate-500" data-testid="loading">
    Getting your next task…
  </p>
);

/** What fills the page: the task of the project's kind, or why there is none. */
export function TaskBody({
  phase,
  project,
  doneHere,
  editable,
  onDraftChange,
  registerKeys,
  onReload,
}: {
  phase: Phase;
  project: LabelingProject;
  doneHere: number;
  editable: boolean;
  onDraftChange: (draft: Draft) => void;
  registerKeys: (handler: KeyHandler | null) => void;
  onReload: () => void;
}) {
  if (phase.kind === "loading") return loading;
  if (phase.kind === "empty") {
    return (
      <div
        data-testid="queue-empty"
        className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-14 text-center"
      >
        <p className="text-lg font-semibold text-slate-800">Nothing left for you here</p>
        <p className="mt-1 text-sm text-slate-500">
          You have answered or skipped every task you can take in this project
          {doneHere ? ` (${doneHere} this session)` : ""}. New tasks appear when the admin adds them.
        </p>
        <div className="mt-4 flex justify-center gap-3">
          <Link href="/" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white">
            Back to my projects
          </Link>
          <button type="button" onClick={onReload} className="rounded-md border border-slate-300 px-4 py-2 text-sm">
            Check again
          </button>
        </div>
      </div>
    );
  }
  if (phase.kind === "blocked") {
    return <BlockedNotice message={phase.message} reason={phase.reason} retryAt={phase.retryAt} onReload={onReload} />;
  }
  const Task = TASKS[itemTaskKind(project.kind)];
  return (
    // The kind's component is fetched once (task-kinds.ts); until then, the loading line.
    <Suspense fallback={loading}>
      <JudgeSuggestion task={phase.task} />
      <Task
        key={phase.task.id}
        project={project}
        task={phase.task}
        startedAt={phase.startedAt}
        editable={editable}
        onDraftChange={onDraftChange}
        registerKeys={registerKeys}
      />
    </Suspense>
  );
}
