"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Markdown } from "@/components/lazy-markdown";
import { countWords } from "@/lib/domain/answers";
import { reviewOutcome } from "@/lib/domain/feedback/review-outcome";
import { visibleLength } from "@/lib/domain/visible-length";
import { MAX_TEXT_LENGTH } from "@/lib/validation/text-limits";
import { saveDraftRequest } from "./api";
import { CompletionText } from "./completion-text";
import { Conversation } from "./conversation";
import { afterFailedSave, draftSaveLabel, SAVE_EVERY_MS, type SaveState } from "./draft-save";
import { localDraftKey } from "./lease-storage";
import type { Draft, TaskProps } from "./types";

/**
 * Writing a demonstration. Every keystroke is kept in this browser (a crash or a lost
 * connection loses nothing) and the text is saved to the server every few seconds (a
 * reload, even on another machine, finds it).
 */
export function DemonstrationTask({
  project,
  task,
  startedAt,
  editable,
  onDraftChange,
  registerKeys,
  initial,
}: TaskProps) {
  // Edit mode saves no drafts: the stored answer is the draft, Save stores the change.
  const drafts = initial === undefined;
  const [text, setText] = useState(() => {
    if (!drafts) return initial.text ?? "";
    if (typeof window === "undefined") return task.draft ?? "";
    return window.localStorage.getItem(localDraftKey(task.id)) ?? task.draft ?? "";
  });
  // "Draft restored" is said only of a restored text the labeler has not changed yet.
  const [restored, setRestored] = useState(() => text !== "");
  const [preview, setPreview] = useState(false);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const dirty = useRef(false);
  const latest = useRef(text);
  const notBefore = useRef(0);
  const textareaRef = useRef<HTMLTextAreaElement>(null);

  const words = countWords(text);
  // The count the server checks the minimum against (invisible characters do not count).
  const chars = visibleLength(text);
  const tooShort = chars < project.minDemoLength;

  useEffect(() => {
    const draft: Draft =
      chars === 0
        ? { ready: false, hint: "Write the reply the ideal assistant would give" }
        : tooShort
          ? { ready: false, hint: `At least ${project.minDemoLength} characters (${chars} so far)` }
          : { ready: true, body: { text } };
    onDraftChange(draft);
  }, [text, chars, tooShort, project.minDemoLength, onDraftChange]);

  const flush = useCallback(async () => {
    if (!dirty.current || Date.now() < notBefore.current) return;
    dirty.current = false;
    setSave({ kind: "saving" });
    const result = await saveDraftRequest(task.id, {
      text: latest.current,
      timeSpentMs: Math.max(0, Date.now() - startedAt),
    });
    if (result.ok) {
      setSave({ kind: "saved", at: new Date(result.data.savedAt) });
      return;
    }
    // No tick comes before the server's Retry-After; a refused text is sent again only
    // after the next edit (the text is kept in this browser meanwhile).
    const next = afterFailedSave(result, new Date());
    setSave(next.save);
    if (next.retryInMs !== null) {
      dirty.current = true;
      notBefore.current = Date.now() + next.retryInMs;
    }
  }, [task.id, startedAt]);

  useEffect(() => {
    if (!editable || !drafts) return;
    const timer = setInterval(() => void flush(), SAVE_EVERY_MS);
    const onHide = () => {
      void flush();
      // The time spent, in a request that outlives the page: a reload resumes the clock.
      void saveDraftRequest(task.id, { timeSpentMs: Math.max(0, Date.now() - startedAt) }, true);
    };
    window.addEventListener("pagehide", onHide);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", onHide);
    };
  }, [editable, drafts, flush, task.id, startedAt]);

  const onChange = (value: string) => {
    setText(value);
    setRestored(false);
    latest.current = value;
    if (!drafts) return;
    dirty.current = true;
    window.localStorage.setItem(localDraftKey(task.id), value);
  };

  useEffect(() => {
    registerKeys((event) => {
      if (event.altKey && event.code === "KeyP") {
        setPreview((p) => !p);
        return true;
      }
      return false;
    });
    return () => registerKeys(null);
  }, [registerKeys]);

  useEffect(() => {
    if (!preview) textareaRef.current?.focus();
  }, [preview]);

  // A review of production feedback: the deployed model's reply, to confirm or correct.
  const reviewed = task.item.fromFeedback ? (task.item.completions[0] ?? null) : null;

  const saveLabel = drafts ? draftSaveLabel(save, restored) : "Editing your submitted answer";

  return (
    <div className="space-y-5">
      <Conversation messages={task.item.messages} />
      {reviewed ? (
        <ReplyUnderReview
          reply={reviewed.text}
          answer={text}
          editable={editable}
          onStart={() => {
            onChange(reviewed.text);
            textareaRef.current?.focus();
          }}
        />
      ) : task.item.completions.length ? (
        <details className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
          <summary className="cursor-pointer font-medium text-slate-700">
            Model replies for reference ({task.item.completions.length})
          </summary>
          <div className="mt-2 space-y-2">
            {task.item.completions.map((c) => (
              <CompletionText key={c.id} text={c.text} className="rounded border border-slate-100 p-2" />
            ))}
          </div>
        </details>
      ) : null}
      <section aria-label="Your reply" className="rounded-xl border border-slate-200 bg-white shadow-sm">
        <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
          <div className="flex gap-1" role="tablist" aria-label="Editor mode">
            {(["Write", "Preview"] as const).map((mode) => {
              const active = (mode === "Preview") === preview;
              return (
                <button
                  key={mode}
                  type="button"
                  role="tab"
                  aria-selected={active}
                  onClick={() => setPreview(mode === "Preview")}
                  className={`rounded-md px-3 py-1 text-sm ${active ? "bg-slate-100 font-medium text-slate-900" : "text-slate-500 hover:text-slate-800"}`}
                >
                  {mode}
                </button>
              );
            })}
          </div>
          <span className="text-xs text-slate-500" data-testid="save-status" aria-live="polite">
            {saveLabel}
          </span>
        </div>
        {preview ? (
          <div className="min-h-48 px-4 py-3 text-sm" data-testid="preview">
            {text.trim() ? <Markdown>{text}</Markdown> : <p className="text-slate-500">Nothing to preview yet.</p>}
          </div>
        ) : (
          <textarea
            ref={textareaRef}
            aria-label="Your reply (markdown)"
            value={text}
            disabled={!editable}
            onChange={(e) => onChange(e.target.value)}
            maxLength={MAX_TEXT_LENGTH}
            rows={12}
            placeholder="Write the reply the ideal assistant would give. Markdown works: **bold**, lists, `code`."
            className="block min-h-48 w-full resize-y rounded-b-xl border-0 px-4 py-3 font-mono text-sm focus:ring-0"
          />
        )}
        <div className="flex justify-between border-t border-slate-100 px-3 py-1.5 text-xs text-slate-500">
          <span data-testid="word-count">
            {words} {words === 1 ? "word" : "words"} · {chars} characters
          </span>
          {project.minDemoLength ? (
            <span className={tooShort ? "text-amber-700" : "text-emerald-700"}>
              Minimum {project.minDemoLength} characters
            </span>
          ) : null}
        </div>
      </section>
    </div>
  );
}

/**
 * The reply a production user gave feedback on (docs/FEEDBACK.md, "Routing and review"). The
 * labeler sees the reply, never who sent it or how they rated it: the answer is a fresh judgment.
 */
function ReplyUnderReview({
  reply,
  answer,
  editable,
  onStart,
}: {
  reply: string;
  answer: string;
  editable: boolean;
  onStart: () => void;
}) {
  const started = answer.trim() !== "";
  const unchanged = started && reviewOutcome(reply, answer) === "confirmed";
  return (
    <section
      aria-label="Reply under review"
      className="rounded-xl border border-amber-200 bg-amber-50/60 p-4"
      data-testid="reply-under-review"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-800">A deployed assistant&apos;s reply</h3>
        <button
          type="button"
          onClick={onStart}
          disabled={!editable || unchanged}
          className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:opacity-60"
        >
          Start from this reply
        </button>
      </div>
      <CompletionText text={reply} className="mt-2 rounded border border-amber-100 bg-white p-3" />
      <p className="mt-2 text-xs text-slate-600" data-testid="review-hint" aria-live="polite">
        {!started
          ? "Start from this reply and submit it unchanged to confirm it is what the ideal assistant would say, or change it to correct it."
          : unchanged
            ? "Unchanged: submitting confirms this reply."
            : "Changed: submitting records your correction."}
      </p>
    </section>
  );
}
