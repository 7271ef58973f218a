"use client";

import { Suspense, useCallback, useEffect, useRef, useState } from "react";
import { EDIT_LOCK_TEXT, timeLeftLabel, type EditLock } from "@/lib/domain/answer-edit";
import { answerBody, getAnswer, saveAnswerEdit, type AnswerForEdit } from "./answer-api";
import { describeFailure } from "./failures";
import { sendWithRetries } from "./retry";
import { itemTaskKind, TASKS } from "./task-kinds";
import type { Draft, LabelingProject, TaskView } from "./types";

const noKeys = () => {};

type Loaded = { kind: "loading" } | { kind: "failed"; message: string } | { kind: "ready"; answer: AnswerForEdit };
type Notice = { tone: "info" | "error"; text: string } | null;

/**
 * Edit mode: one of the labeler's own answers in the task component of its kind, prefilled
 * with what they submitted. Save sends the new version (PUT /api/annotations/{id}) with one
 * Idempotency-Key per change, kept across retries; the server decides whether the answer can
 * still change (the window, an export since, an archived project) and the page says why not.
 */
export function AnswerEditor({
  project,
  answerId,
  onContinue,
}: {
  project: LabelingProject;
  answerId: string;
  onContinue: () => void;
}) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: "loading" });
  const [draft, setDraft] = useState<Draft>({ ready: false, hint: "" });
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [openedAt] = useState(() => Date.now());
  // The time since the last save: each save adds only its own stretch to the answer's time.
  const timeFrom = useRef(openedAt);
  const saveKey = useRef<string | null>(null);
  // The answer as the task component first reported it, to tell a change from the stored answer.
  const firstDraft = useRef<string | null>(null);
  const [dirty, setDirty] = useState(false);

  // Edit mode keeps no draft: a change not saved yet is asked about before the page goes.
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);
  const leave = () => {
    if (dirty && !window.confirm("Leave without saving your change to this answer?")) return;
    onContinue();
  };

  // Bumped to read the answer again (after a save, or a refusal that may have locked it).
  const [reads, setReads] = useState(0);
  const load = useCallback(() => setReads((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    void getAnswer(answerId).then((result) => {
      if (!current) return;
      if (result.ok) setLoaded({ kind: "ready", answer: result.data });
      else
        setLoaded({
          kind: "failed",
          message: result.status === 404 ? "No such answer of yours." : describeFailure(result),
        });
    });
    return () => {
      current = false;
    };
  }, [answerId, reads]);

  const onDraftChange = useCallback((next: Draft) => {
    setDraft(next);
    const json = JSON.stringify(next);
    if (firstDraft.current === null) firstDraft.current = json;
    setDirty(json !== firstDraft.current);
    // A different change is a different edit: it gets its own key.
    saveKey.current = null;
  }, []);

  if (loaded.kind === "loading") {
    return (
      <p className="py-16 text-center text-sm text-slate-500" data-testid="answer-loading">
        Opening your answer…
      </p>
    );
  }
  if (loaded.kind === "failed") {
    return (
      <div data-testid="answer-failed" className="rounded-xl border border-slate-200 bg-white px-6 py-10 text-center">
        <p className="font-semibold text-slate-800">{loaded.message}</p>
        <button
          type="button"
          onClick={onContinue}
          className="mt-4 rounded-md border border-slate-300 px-4 py-2 text-sm"
        >
          Continue labeling
        </button>
      </div>
    );
  }

  const { answer } = loaded;
  if (answer.project.slug !== project.slug) {
    // Opened from another project's page (an address edited by hand): its settings differ.
    return (
      <div data-testid="answer-failed" className="rounded-xl border border-slate-200 bg-white px-6 py-10 text-center">
        <p className="font-semibold text-slate-800">This answer belongs to another project, {answer.project.name}.</p>
        <a
          href={`/projects/${encodeURIComponent(answer.project.slug)}/label?answer=${encodeURIComponent(answer.id)}`}
          className="mt-4 inline-block text-indigo-700 underline"
        >
          Open it there
        </a>
      </div>
    );
  }
  const editable = answer.editable && !saving;
  const save = async () => {
    if (!draft.ready || saving) return;
    setSaving(true);
    setNotice(null);
    saveKey.current ??= crypto.randomUUID();
    const key = saveKey.current;
    const body = { ...draft.body, timeSpentMs: Math.min(86_400_000, Math.max(0, Date.now() - timeFrom.current)) };
    const result = await sendWithRetries(() => saveAnswerEdit(answer.id, key, body));
    setSaving(false);
    if (!result) return;
    if (result.ok) {
      saveKey.current = null;
      timeFrom.current = Date.now();
      // The saved answer comes back as a new revision: its first report is the new baseline.
      firstDraft.current = null;
      setDirty(false);
      setNotice({ tone: "info", text: "Saved. Your change replaces the earlier answer; the earlier one is kept." });
      load();
      return;
    }
    setNotice({ tone: "error", text: `Not saved: ${describeFailure(result)}` });
    if (result.status === 409) load();
  };

  const task: TaskView = {
    id: answer.id,
    expiresAt: answer.createdAt,
    item: { id: answer.item.id, messages: answer.item.messages, completions: answer.item.completions },
    project: { slug: answer.project.slug, kind: answer.project.kind },
    draft: null,
    answerDraft: null,
    timeSpentMs: 0,
  };
  const Task = TASKS[itemTaskKind(answer.project.kind)];
  return (
    <div data-testid="answer-editor" className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3 rounded-xl border border-indigo-200 bg-indigo-50 px-4 py-3">
        <div>
          <h2 className="text-base font-semibold text-indigo-950">Editing your answer</h2>
          <p className="text-sm text-indigo-900">
            Submitted {new Date(answer.createdAt).toLocaleTimeString()}
            {answer.revision > 1 ? ` · changed ${answer.revision - 1} time${answer.revision > 2 ? "s" : ""}` : ""}
          </p>
        </div>
        <EditStatus answer={answer} />
      </div>
      {notice ? (
        <p
          role="status"
          data-testid="edit-notice"
          className={`rounded-md px-4 py-2 text-sm ring-1 ${
            notice.tone === "error" ? "bg-rose-50 text-rose-800 ring-rose-200" : "bg-sky-50 text-sky-900 ring-sky-200"
          }`}
        >
          {notice.text}
        </p>
      ) : null}
      <Suspense fallback={<p className="py-16 text-center text-sm text-slate-500">Loading…</p>}>
        <Task
          key={`${answer.id}:${answer.revision}`}
          project={project}
          task={task}
          startedAt={openedAt}
          editable={editable}
          onDraftChange={onDraftChange}
          registerKeys={noKeys}
          initial={answerBody(answer.answer)}
        />
      </Suspense>
      <div className="sticky bottom-0 z-10 -mx-4 mt-6 border-t border-slate-200 bg-white/95 px-4 py-3 backdrop-blur">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-600" data-testid="edit-hint">
            {!answer.editable
              ? "This answer can no longer be changed."
              : draft.ready
                ? "Save to replace your answer."
                : draft.hint}
          </p>
          <div className="flex gap-2">
            <button
              type="button"
              onClick={leave}
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700"
            >
              Continue labeling
            </button>
            {answer.editable ? (
              <button
                type="button"
                disabled={!editable || !draft.ready}
                onClick={() => void save()}
                className="rounded-md bg-indigo-600 px-5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-50"
              >
                {saving ? "Saving…" : "Save changes"}
              </button>
            ) : null}
          </div>
        </div>
      </div>
    </div>
  );
}

/** "You can change it for 9:41" ticking, or why it is locked. */
function EditStatus({ answer }: { answer: AnswerForEdit }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!answer.editable) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [answer.editable]);
  if (!answer.editable || !answer.editableUntil) {
    return (
      <span
        data-testid="edit-status"
        className="rounded-full bg-slate-200 px-3 py-1 text-sm font-medium text-slate-800"
      >
        {EDIT_LOCK_TEXT[(answer.lock ?? "window_closed") as EditLock] ?? "Locked"}
      </span>
    );
  }
  const until = new Date(answer.editableUntil);
  if (until.getTime() <= now) {
    return (
      <span
        data-testid="edit-status"
        className="rounded-full bg-slate-200 px-3 py-1 text-sm font-medium text-slate-800"
      >
        {EDIT_LOCK_TEXT.window_closed}
      </span>
    );
  }
  return (
    <span
      data-testid="edit-status"
      className="rounded-full bg-white px-3 py-1 text-sm font-medium text-indigo-900 ring-1 ring-indigo-200"
    >
      You can change it: {timeLeftLabel(until, new Date(now))}
    </span>
  );
}
