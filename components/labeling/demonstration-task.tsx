"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { Markdown } from "@/components/lazy-markdown";
import { countWords } from "@/lib/domain/answers";
import { visibleLength } from "@/lib/domain/visible-length";
import { saveDraftRequest } from "./api";
import { CompletionText } from "./completion-text";
import { Conversation } from "./conversation";
import { describeFailure, retryDelayMs } from "./failures";
import { localDraftKey } from "./lease-storage";
import type { Draft, TaskProps } from "./types";

const SAVE_EVERY_MS = 3000;

type SaveState =
  | { kind: "idle" }
  | { kind: "saving" }
  | { kind: "saved"; at: Date }
  | { kind: "local"; at: Date }
  | { kind: "refused"; message: string };

/**
 * Writing a demonstration. Every keystroke is kept in this browser (a crash or a lost
 * connection loses nothing) and the text is saved to the server every few seconds (a
 * reload, even on another machine, finds it).
 */
export function DemonstrationTask({ project, task, editable, onDraftChange, registerKeys }: TaskProps) {
  const [text, setText] = useState(() => {
    if (typeof window === "undefined") return task.draft ?? "";
    return window.localStorage.getItem(localDraftKey(task.id)) ?? task.draft ?? "";
  });
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
    const result = await saveDraftRequest(task.id, latest.current);
    if (result.ok) {
      setSave({ kind: "saved", at: new Date(result.data.savedAt) });
      return;
    }
    // The page's one rule for what is worth sending again (failures.ts). The save ticks are
    // this request's retry loop: only the first backoff step applies, and no tick comes
    // before the server's Retry-After.
    const delay = retryDelayMs(result, 0);
    if (delay !== null) {
      dirty.current = true;
      notBefore.current = Date.now() + delay;
      setSave({ kind: "local", at: new Date() });
    } else {
      // Refused: sending the same text again would be refused again. The next edit retries;
      // the text is kept in this browser meanwhile.
      setSave({ kind: "refused", message: describeFailure(result) });
    }
  }, [task.id]);

  useEffect(() => {
    if (!editable) return;
    const timer = setInterval(() => void flush(), SAVE_EVERY_MS);
    const onHide = () => void flush();
    window.addEventListener("pagehide", onHide);
    return () => {
      clearInterval(timer);
      window.removeEventListener("pagehide", onHide);
    };
  }, [editable, flush]);

  const onChange = (value: string) => {
    setText(value);
    latest.current = value;
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

  const saveLabel =
    save.kind === "saving"
      ? "Saving…"
      : save.kind === "saved"
        ? `Draft saved ${save.at.toLocaleTimeString()}`
        : save.kind === "local"
          ? "Server unreachable: kept in this browser, retrying"
          : save.kind === "refused"
            ? `Not saved: ${save.message}`
            : text
              ? "Draft restored"
              : "Drafts save automatically";

  return (
    <div className="space-y-5">
      <Conversation messages={task.item.messages} />
      {task.item.completions.length ? (
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
            {text.trim() ? <Markdown>{text}</Markdown> : <p className="text-slate-400">Nothing to preview yet.</p>}
          </div>
        ) : (
          <textarea
            ref={textareaRef}
            aria-label="Your reply (markdown)"
            value={text}
            disabled={!editable}
            onChange={(e) => onChange(e.target.value)}
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
