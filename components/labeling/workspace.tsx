"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { Markdown } from "@/components/markdown";
import { claimNext, heartbeat, skipTaskRequest, submitTask } from "./api";
import { ComparisonTask } from "./comparison-task";
import { DemonstrationTask, localDraftKey } from "./demonstration-task";
import { describeFailure, isOutage, retryDelayMs } from "./failures";
import { RankingTask } from "./ranking-task";
import { isTyping, shortcutsFor } from "./shortcuts";
import { SkipDialog } from "./skip-dialog";
import type { Draft, KeyHandler, LabelingProject, TaskView } from "./types";

type Phase =
  | { kind: "loading" }
  | { kind: "task"; task: TaskView; startedAt: number }
  | { kind: "empty" }
  | { kind: "blocked"; message: string };

type Notice = { tone: "error" | "warning" | "info"; text: string } | null;

const idempotencyKeyFor = (leaseId: string) => {
  const storageKey = `rlhf:submit-key:${leaseId}`;
  let key = window.localStorage.getItem(storageKey);
  if (!key) {
    key = crypto.randomUUID();
    window.localStorage.setItem(storageKey, key);
  }
  return key;
};
const forgetLease = (leaseId: string) => {
  window.localStorage.removeItem(`rlhf:submit-key:${leaseId}`);
  window.localStorage.removeItem(localDraftKey(leaseId));
};
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function LabelingWorkspace({ project }: { project: LabelingProject }) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [draft, setDraft] = useState<Draft>({ ready: false, hint: "" });
  // Why the task stopped being this labeler's: the server's reason picks the words shown.
  const [lost, setLost] = useState<{ reason?: string } | null>(null);
  const leaseLost = lost !== null;
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [doneHere, setDoneHere] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const [skipOpen, setSkipOpen] = useState(false);
  const [guidelinesOpen, setGuidelinesOpen] = useState(true);
  const [expiresAt, setExpiresAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const taskKeys = useRef<KeyHandler | null>(null);

  const task = phase.kind === "task" ? phase.task : null;

  const load = useCallback(async () => {
    setPhase({ kind: "loading" });
    setLost(null);
    for (let attempt = 0; ; attempt += 1) {
      const result = await claimNext(project.slug);
      if (result.ok) {
        if (!result.data) setPhase({ kind: "empty" });
        else {
          setPhase({ kind: "task", task: result.data.task, startedAt: Date.now() });
          setExpiresAt(new Date(result.data.task.expiresAt).getTime());
        }
        return;
      }
      const delay = retryDelayMs(result, attempt);
      if (delay !== null) {
        setNotice({ tone: "warning", text: "Cannot reach the server, trying again…" });
        await wait(delay);
        continue;
      }
      setPhase({ kind: "blocked", message: describeFailure(result) });
      return;
    }
  }, [project.slug]);

  useEffect(() => {
    void load();
  }, [load]);

  useEffect(() => {
    const saved = window.localStorage.getItem("rlhf:guidelines-open");
    if (saved !== null) setGuidelinesOpen(saved === "1");
  }, []);

  // Keeps the lease while the page is open, and notices when it is lost.
  useEffect(() => {
    if (!task || leaseLost) return;
    const every = Math.min(60_000, (project.leaseSeconds * 1000) / 3);
    const timer = setInterval(async () => {
      const result = await heartbeat(task.id);
      if (result.ok) setExpiresAt(new Date(result.data.expiresAt).getTime());
      else if (result.status === 409 || result.status === 404) setLost({ reason: result.reason });
    }, every);
    return () => clearInterval(timer);
  }, [task, leaseLost, project.leaseSeconds]);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const submit = useCallback(async () => {
    if (!task || busy || leaseLost) return;
    if (!draft.ready) {
      setNotice({ tone: "info", text: draft.hint });
      return;
    }
    setBusy(true);
    setNotice(null);
    const key = idempotencyKeyFor(task.id);
    const body = { ...draft.body, timeSpentMs: Date.now() - (phase.kind === "task" ? phase.startedAt : Date.now()) };
    for (let attempt = 0; ; attempt += 1) {
      const result = await submitTask(task.id, key, body);
      if (result.ok) {
        forgetLease(task.id);
        setDoneHere((n) => n + 1);
        setBusy(false);
        setNotice({ tone: "info", text: "Submitted. Here is the next one." });
        await load();
        return;
      }
      if (result.status === 409) {
        setLost({ reason: result.reason });
        setBusy(false);
        return;
      }
      // A refusal (4xx, or a 500) is the server's answer: shown, never sent again by itself.
      const delay = retryDelayMs(result, attempt);
      if (delay !== null) {
        setNotice({
          tone: "warning",
          text: `Submit did not get through; retrying (${attempt + 1})… Your work is kept.`,
        });
        await wait(delay);
        continue;
      }
      setNotice({
        tone: "error",
        text: isOutage(result)
          ? "The server cannot be reached. Your work is kept on this page: press Submit again in a moment."
          : `Not submitted: ${describeFailure(result)}`,
      });
      setBusy(false);
      return;
    }
  }, [task, busy, leaseLost, draft, phase, load]);

  const skip = useCallback(
    async (reason: string) => {
      if (!task) return;
      setSkipOpen(false);
      setBusy(true);
      const result = await skipTaskRequest(task.id, reason);
      setBusy(false);
      if (result.ok) {
        forgetLease(task.id);
        setNotice({ tone: "info", text: "Skipped. You will not see that task again." });
        await load();
      } else if (result.status === 409) setLost({ reason: result.reason });
      else setNotice({ tone: "error", text: `Could not skip: ${describeFailure(result)}` });
    },
    [task, load],
  );

  const toggleGuidelines = useCallback(() => {
    setGuidelinesOpen((open) => {
      window.localStorage.setItem("rlhf:guidelines-open", open ? "0" : "1");
      return !open;
    });
  }, []);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setHelpOpen(false);
        return;
      }
      if (helpOpen || skipOpen) return;
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
        event.preventDefault();
        void submit();
        return;
      }
      if (event.altKey && event.code === "KeyS") {
        event.preventDefault();
        if (task && !leaseLost) setSkipOpen(true);
        return;
      }
      if (event.altKey && event.code === "KeyG") {
        event.preventDefault();
        toggleGuidelines();
        return;
      }
      const typing = isTyping(event);
      if (!typing && event.key === "?") {
        event.preventDefault();
        setHelpOpen(true);
        return;
      }
      if (typing && !event.altKey) return;
      if (taskKeys.current?.(event)) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [submit, task, leaseLost, helpOpen, skipOpen, toggleGuidelines]);

  const registerKeys = useCallback((handler: KeyHandler | null) => {
    taskKeys.current = handler;
  }, []);

  const remaining = expiresAt ? Math.max(0, Math.floor((expiresAt - now) / 1000)) : null;
  const TaskComponent =
    project.kind === "demonstration" ? DemonstrationTask : project.kind === "comparison" ? ComparisonTask : RankingTask;

  return (
    <div>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <div>
          <Link href="/" className="text-sm text-indigo-700 hover:underline">
            ← My projects
          </Link>
          <h1 className="text-xl font-semibold text-slate-900">{project.name}</h1>
        </div>
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="text-slate-500" data-testid="done-here">
            {doneHere} done this session
          </span>
          {remaining !== null && task && !leaseLost ? (
            <span className="text-slate-500" title="The task is reserved for you while this page is open">
              · reserved {Math.floor(remaining / 60)}:{String(remaining % 60).padStart(2, "0")}
            </span>
          ) : null}
          <button
            type="button"
            onClick={toggleGuidelines}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5"
          >
            Guidelines <kbd className="text-xs text-slate-400">Alt+G</kbd>
          </button>
          <button
            type="button"
            onClick={() => setHelpOpen(true)}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5"
            aria-label="Keyboard shortcuts"
          >
            Shortcuts <kbd className="text-xs text-slate-400">?</kbd>
          </button>
        </div>
      </div>

      {notice ? (
        <p
          role="status"
          data-testid="notice"
          className={`mb-4 rounded-md px-4 py-2 text-sm ring-1 ${
            notice.tone === "error"
              ? "bg-rose-50 text-rose-800 ring-rose-200"
              : notice.tone === "warning"
                ? "bg-amber-50 text-amber-900 ring-amber-200"
                : "bg-sky-50 text-sky-900 ring-sky-200"
          }`}
        >
          {notice.text}
        </p>
      ) : null}

      {leaseLost ? (
        <div
          role="alert"
          data-testid="lease-lost"
          className="mb-4 rounded-md bg-rose-50 px-4 py-3 text-sm text-rose-900 ring-1 ring-rose-200"
        >
          {lost?.reason === "project_archived" ? (
            <>
              <p className="font-semibold">This project was archived.</p>
              <p className="mt-1">
                An admin archived it, so its tasks can no longer be submitted. Your work is still shown below: copy
                anything you want to keep.
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
                It was away too long and was given to another labeler, so it can no longer be submitted. Your work is
                still shown below: copy anything you want to keep.
              </p>
              <button
                type="button"
                onClick={() => void load()}
                className="mt-2 rounded-md bg-rose-700 px-3 py-1.5 text-sm font-semibold text-white"
              >
                Get a new task
              </button>
            </>
          )}
        </div>
      ) : null}

      <div className={`grid gap-6 ${guidelinesOpen ? "lg:grid-cols-[minmax(0,1fr)_20rem]" : ""}`}>
        <div className="min-w-0">
          {phase.kind === "loading" ? (
            <p className="py-16 text-center text-sm text-slate-500" data-testid="loading">
              Getting your next task…
            </p>
          ) : phase.kind === "empty" ? (
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
                <button
                  type="button"
                  onClick={() => void load()}
                  className="rounded-md border border-slate-300 px-4 py-2 text-sm"
                >
                  Check again
                </button>
              </div>
            </div>
          ) : phase.kind === "blocked" ? (
            <div data-testid="blocked" className="rounded-xl border border-slate-200 bg-white px-6 py-14 text-center">
              <p className="text-lg font-semibold text-slate-800">{phase.message}</p>
              <button
                type="button"
                onClick={() => void load()}
                className="mt-4 rounded-md border border-slate-300 px-4 py-2 text-sm"
              >
                Try again
              </button>
            </div>
          ) : (
            <TaskComponent
              key={phase.task.id}
              project={project}
              task={phase.task}
              editable={!leaseLost && !busy}
              onDraftChange={setDraft}
              registerKeys={registerKeys}
            />
          )}
        </div>
        {guidelinesOpen ? (
          <aside
            aria-label="Guidelines"
            className="h-fit rounded-xl border border-slate-200 bg-white p-4 text-sm shadow-sm lg:sticky lg:top-4"
          >
            <h2 className="mb-2 flex items-center justify-between text-sm font-semibold text-slate-700">
              Guidelines
              {project.guidelines ? (
                <span className="text-xs font-normal text-slate-400">version {project.guidelines.version}</span>
              ) : null}
            </h2>
            {project.guidelines ? (
              <Markdown className="max-h-[70vh] overflow-y-auto text-slate-700">{project.guidelines.body}</Markdown>
            ) : (
              <p className="text-slate-500">This project has no written guidelines yet.</p>
            )}
          </aside>
        ) : null}
      </div>

      {task ? (
        <div className="sticky bottom-0 z-10 -mx-4 mt-6 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-slate-500" data-testid="hint">
              {leaseLost
                ? lost?.reason === "project_archived"
                  ? "Submitting is off: the project was archived."
                  : "Submitting is off: the task is no longer yours."
                : draft.ready
                  ? "Ready to submit."
                  : draft.hint}
            </p>
            <div className="flex gap-2">
              <button
                type="button"
                disabled={busy || leaseLost}
                onClick={() => setSkipOpen(true)}
                className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 disabled:opacity-50"
              >
                Skip <kbd className="text-xs text-slate-400">Alt+S</kbd>
              </button>
              <button
                type="button"
                disabled={busy || leaseLost}
                onClick={() => void submit()}
                className="rounded-md bg-indigo-600 px-5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
              >
                {busy ? "Submitting…" : "Submit"} <kbd className="text-xs text-indigo-200">Ctrl+Enter</kbd>
              </button>
            </div>
          </div>
        </div>
      ) : null}

      {skipOpen ? <SkipDialog onCancel={() => setSkipOpen(false)} onSkip={(reason) => void skip(reason)} /> : null}
      {helpOpen ? (
        <div
          className="fixed inset-0 z-20 grid place-items-center bg-slate-900/40 p-4"
          onClick={() => setHelpOpen(false)}
        >
          <div
            role="dialog"
            aria-modal="true"
            aria-label="Keyboard shortcuts"
            className="w-full max-w-md rounded-xl bg-white p-5 shadow-xl"
            onClick={(e) => e.stopPropagation()}
          >
            <h2 className="mb-3 text-base font-semibold">Keyboard shortcuts</h2>
            <dl className="space-y-1.5 text-sm" data-testid="shortcut-list">
              {shortcutsFor(project).map((s) => (
                <div key={s.keys} className="flex justify-between gap-4">
                  <dt>
                    <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs">
                      {s.keys}
                    </kbd>
                  </dt>
                  <dd className="text-right text-slate-600">{s.action}</dd>
                </div>
              ))}
            </dl>
            <button
              type="button"
              autoFocus
              onClick={() => setHelpOpen(false)}
              className="mt-4 rounded-md border border-slate-300 px-3 py-1.5 text-sm"
            >
              Close
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}
