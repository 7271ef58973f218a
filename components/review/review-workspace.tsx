"use client";

import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { Markdown } from "@/components/lazy-markdown";
import { Conversation } from "@/components/labeling/conversation";
import { inputClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { claimReview, sendDecision, type ReviewTask } from "./review-api";

type Mode = "read" | "edit" | "reject";
type State =
  | { phase: "loading" }
  | { phase: "empty" }
  | { phase: "error"; message: string }
  | { phase: "review"; review: ReviewTask; pending: number };

const DONE_TEXT = { accepted: "Accepted.", edited: "Your edit was saved.", rejected: "Rejected." } as const;

/** Whether a key press came from a field the reviewer types in (shortcuts stay off there). */
const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

/**
 * The reviewer's queue (docs/GUIDE.md, "Reviewing demonstrations"): one demonstration at a time,
 * with the prompt it answers; Accept (A), Edit (E) or Reject with a reason (R); Ctrl+Enter saves
 * an edit or a rejection, Esc goes back. The next review is taken as soon as one is decided.
 */
export function ReviewWorkspace({ slug, projectName }: { slug: string; projectName: string }) {
  const [state, setState] = useState<State>({ phase: "loading" });
  const [mode, setMode] = useState<Mode>("read");
  const [draft, setDraft] = useState("");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const editRef = useRef<HTMLTextAreaElement>(null);
  const reasonRef = useRef<HTMLTextAreaElement>(null);

  const next = useCallback(async () => {
    const result = await claimReview(slug);
    setMode("read");
    setProblem(null);
    if (!result.ok) return setState({ phase: "error", message: result.message });
    if (!result.data.review) return setState({ phase: "empty" });
    setDraft(result.data.review.text);
    setReason("");
    setState({ phase: "review", review: result.data.review, pending: result.data.pending });
  }, [slug]);

  useEffect(() => {
    // The first review is taken once the page is shown (a claim is a POST: never during render).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void next();
  }, [next]);

  const review = state.phase === "review" ? state.review : null;

  const decide = useCallback(
    async (action: "accept" | "edit" | "reject") => {
      if (!review || busy) return;
      if (action === "reject" && !reason.trim()) {
        setProblem("Say why you reject it: the author sees your reason.");
        reasonRef.current?.focus();
        return;
      }
      if (action === "edit" && !draft.trim()) {
        setProblem("The edited text is empty.");
        return;
      }
      setBusy(true);
      const result = await sendDecision(
        review.id,
        action === "accept"
          ? { action, revision: review.revision }
          : action === "edit"
            ? { action, revision: review.revision, text: draft }
            : { action, revision: review.revision, reason },
      );
      setBusy(false);
      if (!result.ok) {
        setProblem(result.problems?.join("; ") || result.message);
        // The author changed it, or another reviewer took it: show the queue as it is now.
        if (result.reason === "answer_changed" || result.reason === "not_claimed") await next();
        return;
      }
      setNotice(`#${review.itemNumber}: ${DONE_TEXT[result.data.status as keyof typeof DONE_TEXT] ?? "Saved."}`);
      await next();
    },
    [review, busy, reason, draft, next],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!review) return;
      if (event.key === "Escape" && mode !== "read") {
        event.preventDefault();
        setMode("read");
        setProblem(null);
        return;
      }
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && mode !== "read") {
        event.preventDefault();
        void decide(mode === "edit" ? "edit" : "reject");
        return;
      }
      if (mode !== "read" || typing(event.target) || event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === "a") {
        event.preventDefault();
        void decide("accept");
      } else if (key === "e") {
        event.preventDefault();
        setMode("edit");
        setTimeout(() => editRef.current?.focus(), 0);
      } else if (key === "r") {
        event.preventDefault();
        setMode("reject");
        setTimeout(() => reasonRef.current?.focus(), 0);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [review, mode, decide]);

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">Review demonstrations</h1>
          <p className="text-sm text-slate-600">
            {projectName}
            {state.phase === "review" ? (
              <span data-testid="review-pending"> · {state.pending.toLocaleString("en")} waiting for you</span>
            ) : null}
          </p>
        </div>
        <Link href="/" className="text-sm text-indigo-700 hover:underline">
          My projects
        </Link>
      </div>
      {notice ? (
        <p role="status" data-testid="review-notice" className="text-sm text-emerald-700">
          {notice}
        </p>
      ) : null}
      {state.phase === "loading" ? <p className="text-sm text-slate-500">Loading…</p> : null}
      {state.phase === "error" ? (
        <p role="alert" className="rounded-md bg-rose-50 px-4 py-3 text-sm text-rose-800 ring-1 ring-rose-200">
          {state.message}
        </p>
      ) : null}
      {state.phase === "empty" ? (
        <div
          className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-10 text-center"
          data-testid="no-reviews-waiting"
        >
          <p className="font-medium text-slate-900">Nothing to review right now</p>
          <p className="mt-1 text-sm text-slate-600">
            New demonstrations by the other labelers appear here once they are submitted. You never review your own.
          </p>
          <button type="button" className={`${secondaryButtonClass} mt-4`} onClick={() => void next()}>
            Check again
          </button>
        </div>
      ) : null}
      {review ? (
        <div className="grid gap-5 lg:grid-cols-2">
          <section aria-labelledby="review-prompt" className="min-w-0">
            <h2 id="review-prompt" className="mb-2 text-sm font-semibold text-slate-700">
              Prompt <span className="font-normal text-slate-500">(item #{review.itemNumber})</span>
            </h2>
            <Conversation messages={review.messages} />
          </section>
          <section aria-labelledby="review-answer" className="min-w-0 space-y-3">
            <h2 id="review-answer" className="text-sm font-semibold text-slate-700">
              Demonstration
            </h2>
            {mode === "edit" ? (
              <>
                <label htmlFor="review-edit" className="sr-only">
                  Your edited version
                </label>
                <textarea
                  id="review-edit"
                  ref={editRef}
                  value={draft}
                  onChange={(e) => setDraft(e.target.value)}
                  rows={14}
                  className={`${inputClass} font-mono`}
                />
              </>
            ) : (
              <div
                className="markdown rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm leading-relaxed break-words"
                data-testid="review-text"
              >
                <Markdown>{review.text}</Markdown>
              </div>
            )}
            {mode === "reject" ? (
              <div>
                <label htmlFor="review-reason" className="mb-1 block text-sm font-medium text-slate-700">
                  Why reject it? <span className="font-normal text-slate-500">(required; the author sees it)</span>
                </label>
                <textarea
                  id="review-reason"
                  ref={reasonRef}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  rows={3}
                  maxLength={2000}
                  className={inputClass}
                />
              </div>
            ) : null}
            {problem ? (
              <p role="alert" className="text-sm text-rose-700" data-testid="review-problem">
                {problem}
              </p>
            ) : null}
            <div className="flex flex-wrap gap-2">
              {mode === "read" ? (
                <>
                  <button
                    type="button"
                    disabled={busy}
                    className={primaryButtonClass}
                    onClick={() => void decide("accept")}
                  >
                    Accept <kbd className="ml-2 text-xs opacity-80">A</kbd>
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    className={secondaryButtonClass}
                    onClick={() => setMode("edit")}
                  >
                    Edit <kbd className="ml-2 text-xs text-slate-500">E</kbd>
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    className={secondaryButtonClass}
                    onClick={() => setMode("reject")}
                  >
                    Reject <kbd className="ml-2 text-xs text-slate-500">R</kbd>
                  </button>
                </>
              ) : (
                <>
                  <button
                    type="button"
                    disabled={busy}
                    className={primaryButtonClass}
                    onClick={() => void decide(mode === "edit" ? "edit" : "reject")}
                  >
                    {mode === "edit" ? "Save edit" : "Reject"} <kbd className="ml-2 text-xs opacity-80">Ctrl+Enter</kbd>
                  </button>
                  <button
                    type="button"
                    disabled={busy}
                    className={secondaryButtonClass}
                    onClick={() => {
                      setMode("read");
                      setProblem(null);
                    }}
                  >
                    Cancel <kbd className="ml-2 text-xs text-slate-500">Esc</kbd>
                  </button>
                </>
              )}
            </div>
            <p className="text-xs text-slate-500">
              An edit is kept as a new version of the answer; the author&apos;s original stays on record.
            </p>
          </section>
        </div>
      ) : null}
    </div>
  );
}
