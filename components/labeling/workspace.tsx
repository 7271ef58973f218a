"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { preloadMarkdown } from "@/components/lazy-markdown";
import { useStoredValue } from "@/components/use-stored-value";
import { AnswerEditor } from "./answer-editor";
import { ProgressLine, useWorkspaceProgress } from "./progress-line";
import { useAnswerHistory } from "./use-answer-history";
import { GuidelinesPanel } from "./guidelines-panel";
import { GuidelinesSheet } from "./guidelines-sheet";
import { LeaseLostBanner, NoticeLine } from "./session-notices";
import { SessionHeader } from "./session-header";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { SignedOutBanner } from "./signed-out-banner";
import { SkipDialog } from "./skip-dialog";
import { SubmitBar } from "./submit-bar";
import { TaskBody } from "./task-body";
import { preloadTaskKind } from "./task-kinds";
import { submitHint } from "./task-session-state";
import type { KeyHandler, LabelingProject } from "./types";
import { useTaskSession } from "./use-task-session";
import { TrainingFeedbackPanel } from "./training-feedback";
import { useWorkspaceKeys } from "./use-workspace-keys";

/** The labeling page: the session (use-task-session.ts) laid out with its dialogs and shortcuts. */
export function LabelingWorkspace({ project }: { project: LabelingProject }) {
  const history = useAnswerHistory();
  const editing = history.answerId;
  const session = useTaskSession(project, history.recordSubmitted);
  const { state, task, leaseLost, load, submit, skip } = session;
  const progress = useWorkspaceProgress(project.slug, task?.id ?? null, state.doneHere);
  const doneHere = progress?.doneSince ?? state.doneHere;
  const [helpOpen, setHelpOpen] = useState(false);
  const [skipOpen, setSkipOpen] = useState(false);
  // Open until the labeler closes them; the choice is kept for the next visit.
  const [guidelinesStored, storeGuidelines] = useStoredValue("rlhf:guidelines-open");
  const guidelinesOpen = guidelinesStored === null || guidelinesStored === "1";
  const taskKeys = useRef<KeyHandler | null>(null);
  // Fetched while the first task is being claimed, so that it shows, as Markdown, at once.
  useEffect(() => {
    preloadTaskKind(project.kind);
    preloadMarkdown();
  }, [project.kind]);

  const toggleGuidelines = useCallback(
    () => storeGuidelines(guidelinesOpen ? "0" : "1"),
    [guidelinesOpen, storeGuidelines],
  );
  const openSkip = useCallback(() => {
    if (task && !leaseLost) setSkipOpen(true);
  }, [task, leaseLost]);
  const closeHelp = useCallback(() => setHelpOpen(false), []);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  // While training feedback is shown, the submit key moves on to the next task instead.
  const pendingFeedback = session.feedback;
  const submitNow = useCallback(
    () => (pendingFeedback ? pendingFeedback.proceed() : void submit()),
    [submit, pendingFeedback],
  );
  const reload = useCallback(() => void load(), [load]);
  const registerKeys = useCallback((handler: KeyHandler | null) => {
    taskKeys.current = handler;
  }, []);

  useWorkspaceKeys({
    dialogOpen: helpOpen || skipOpen || editing !== null,
    taskKeys,
    onEscape: closeHelp,
    onSubmit: submitNow,
    onSkip: openSkip,
    onToggleGuidelines: toggleGuidelines,
    onHelp: openHelp,
  });

  return (
    <div>
      <SessionHeader
        projectName={project.name}
        doneHere={doneHere}
        expiresAt={task && !leaseLost ? state.expiresAt : null}
        onToggleGuidelines={toggleGuidelines}
        onShowShortcuts={openHelp}
        guidelinesOpen={guidelinesOpen}
        guidelinesSheet={<GuidelinesSheet guidelines={project.guidelines} />}
      />
      <ProgressLine
        remaining={progress?.remaining ?? null}
        qualifying={progress?.gate === "qualification"}
        startedAt={state.phase.kind === "task" && !editing ? state.phase.startedAt : null}
        answersHref={`/answers?project=${encodeURIComponent(project.slug)}`}
      />
      {editing || session.feedback ? null : <NoticeLine notice={state.notice} />}
      {state.lost && !editing ? (
        <LeaseLostBanner reason={state.lost.reason} state={state.lost.state} onNewTask={reload} />
      ) : null}
      {state.signedOut ? <SignedOutBanner returnTo={`/projects/${encodeURIComponent(project.slug)}/label`} /> : null}

      <div className={`grid gap-6 ${guidelinesOpen ? "lg:grid-cols-[minmax(0,1fr)_20rem]" : ""}`}>
        {editing ? (
          <div className="min-w-0">
            <AnswerEditor key={editing} project={project} answerId={editing} onContinue={history.continueLabeling} />
          </div>
        ) : null}
        {/* Hidden, not unmounted, while an answer is edited: the task in hand keeps its work. */}
        {session.feedback && !editing ? (
          <div className="min-w-0">
            <TrainingFeedbackPanel
              feedback={session.feedback.data}
              task={session.feedback.task}
              onNext={session.feedback.proceed}
            />
          </div>
        ) : null}
        <div className="min-w-0" hidden={editing !== null || session.feedback !== null}>
          <TaskBody
            phase={state.phase}
            project={project}
            doneHere={doneHere}
            editable={!leaseLost && !state.busy}
            onDraftChange={session.setDraft}
            registerKeys={registerKeys}
            onReload={reload}
          />
        </div>
        {guidelinesOpen ? (
          <div className="hidden lg:block">
            <GuidelinesPanel guidelines={project.guidelines} />
          </div>
        ) : null}
      </div>

      {task && !editing && !session.feedback ? (
        <SubmitBar
          hint={submitHint(state)}
          busy={state.busy}
          skipping={state.skipping}
          disabled={state.busy || leaseLost}
          onSkip={() => setSkipOpen(true)}
          onSubmit={submitNow}
        />
      ) : null}

      {skipOpen ? (
        <SkipDialog
          onCancel={() => setSkipOpen(false)}
          onSkip={(reason) => {
            setSkipOpen(false);
            void skip(reason);
          }}
        />
      ) : null}
      {helpOpen ? <ShortcutsDialog project={project} onClose={closeHelp} /> : null}
    </div>
  );
}
