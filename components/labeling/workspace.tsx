"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { preloadMarkdown } from "@/components/lazy-markdown";
import { useStoredValue } from "@/components/use-stored-value";
import { GuidelinesPanel } from "./guidelines-panel";
import { LeaseLostBanner, NoticeLine } from "./session-notices";
import { SessionHeader } from "./session-header";
import { ShortcutsDialog } from "./shortcuts-dialog";
import { SkipDialog } from "./skip-dialog";
import { SubmitBar } from "./submit-bar";
import { TaskBody } from "./task-body";
import { preloadTaskKind } from "./task-kinds";
import { submitHint } from "./task-session-state";
import type { KeyHandler, LabelingProject } from "./types";
import { useTaskSession } from "./use-task-session";
import { useWorkspaceKeys } from "./use-workspace-keys";

/** The labeling page: the session (use-task-session.ts) laid out with its dialogs and shortcuts. */
export function LabelingWorkspace({ project }: { project: LabelingProject }) {
  const session = useTaskSession(project);
  const { state, task, leaseLost, load, submit, skip } = session;
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
  const submitNow = useCallback(() => void submit(), [submit]);
  const reload = useCallback(() => void load(), [load]);
  const registerKeys = useCallback((handler: KeyHandler | null) => {
    taskKeys.current = handler;
  }, []);

  useWorkspaceKeys({
    dialogOpen: helpOpen || skipOpen,
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
        doneHere={state.doneHere}
        expiresAt={task && !leaseLost ? state.expiresAt : null}
        onToggleGuidelines={toggleGuidelines}
        onShowShortcuts={openHelp}
      />
      <NoticeLine notice={state.notice} />
      {state.lost ? <LeaseLostBanner reason={state.lost.reason} onNewTask={reload} /> : null}

      <div className={`grid gap-6 ${guidelinesOpen ? "lg:grid-cols-[minmax(0,1fr)_20rem]" : ""}`}>
        <div className="min-w-0">
          <TaskBody
            phase={state.phase}
            project={project}
            doneHere={state.doneHere}
            editable={!leaseLost && !state.busy}
            onDraftChange={session.setDraft}
            registerKeys={registerKeys}
            onReload={reload}
          />
        </div>
        {guidelinesOpen ? <GuidelinesPanel guidelines={project.guidelines} /> : null}
      </div>

      {task ? (
        <SubmitBar
          hint={submitHint(state)}
          busy={state.busy}
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
