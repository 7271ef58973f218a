"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import {
  followBest,
  needsDecision,
  rewriteField,
  startRewrite,
  type Reply,
  type RewriteDraft,
} from "@/lib/domain/rewrite-draft";
import { emptyExtras, type RestoredExtras } from "@/lib/domain/answer-draft";
import { MAX_COMMENT_LENGTH, MAX_TEXT_LENGTH } from "@/lib/validation/text-limits";
import { emptyReplySuffix } from "./completion-text";
import type { SubmitBody } from "./types";

/**
 * What comparisons and rankings both ask beyond the order: Likert ratings and flags per
 * completion, an optional rewrite of one completion, and a comment. The rewrite belongs to
 * the completion whose text seeded the editor (lib/domain/rewrite-draft.ts). `initial` is a
 * restored draft (lib/domain/answer-draft.ts).
 */
export function useAnswerExtras(initial: RestoredExtras = emptyExtras()) {
  const [ratings, setRatings] = useState<Record<string, number>>(initial.ratings);
  const [flags, setFlags] = useState<Record<string, string[]>>(initial.flags);
  const [rewrite, setRewrite] = useState<RewriteDraft | null>(initial.rewrite);
  const [comment, setComment] = useState(initial.comment);
  // Bumped to ask the editor (RewriteAndComment) to take the focus once it is on screen.
  const [editorFocus, setEditorFocus] = useState(0);

  const rate = (id: string, score: number) => setRatings((r) => ({ ...r, [id]: score }));
  const toggleFlag = (id: string, flag: string) =>
    setFlags((current) => {
      const list = current[id] ?? [];
      const next = list.includes(flag) ? list.filter((f) => f !== flag) : [...list, flag];
      const copy = { ...current, [id]: next };
      if (next.length === 0) delete copy[id];
      return copy;
    });
  const focusEditor = () => setEditorFocus((n) => n + 1);
  /** Opens the rewrite editor from this reply's text; an open editor keeps its own reply. */
  const openRewrite = (source: Reply | undefined) => {
    if (!source && !rewrite) return;
    setRewrite((current) => current ?? (source ? startRewrite(source) : null));
    focusEditor();
  };
  const editRewrite = (text: string) => setRewrite((current) => current && { ...current, text });
  const keepRewrite = () => setRewrite((current) => current && { ...current, kept: true });
  const restartRewrite = (source: Reply) => {
    setRewrite(startRewrite(source));
    focusEditor();
  };
  /** Call when the best replies change (see followBest). */
  const onBestChange = useCallback(
    (best: readonly string[], candidate: Reply | undefined) =>
      setRewrite((current) => followBest(current, best, candidate)),
    [],
  );
  return {
    ratings,
    rate,
    flags,
    toggleFlag,
    rewrite,
    openRewrite,
    editRewrite,
    keepRewrite,
    restartRewrite,
    onBestChange,
    editorFocus,
    comment,
    setComment,
  };
}

export type AnswerExtras = ReturnType<typeof useAnswerExtras>;

/** A stored answer's rewrite as the editor holds it (kept: it was submitted that way). */
/** An answer as submitted, as the state the extras start from (edit mode). */
export function extrasFromBody(initial: SubmitBody, replies: readonly Reply[]): RestoredExtras {
  const source = initial.rewrite && replies.find((r) => r.id === initial.rewrite!.completionId);
  return {
    ratings: initial.ratings ?? {},
    flags: initial.flags ?? {},
    rewrite: source ? { sourceId: source.id, sourceText: source.text, text: initial.rewrite!.text, kept: true } : null,
    comment: initial.comment ?? "",
  };
}

/** The optional fields of the submit body. */
export function extrasBodyFields({
  ratings,
  flags,
  rewrite,
  comment,
}: Pick<AnswerExtras, "ratings" | "flags" | "rewrite" | "comment">): Partial<SubmitBody> {
  const rewritten = rewriteField(rewrite);
  return {
    ...(Object.keys(ratings).length ? { ratings } : {}),
    ...(Object.keys(flags).length ? { flags } : {}),
    ...(rewritten ? { rewrite: rewritten } : {}),
    ...(comment.trim() ? { comment } : {}),
  };
}

/** What the labeler must decide before submitting, if anything (a hint for the submit bar). */
export function rewriteDecisionHint(
  rewrite: RewriteDraft | null,
  best: readonly string[],
  candidate: Reply | undefined,
  letter: (id: string) => string,
): string | null {
  if (!needsDecision(rewrite, best)) return null;
  const own = letter(rewrite.sourceId);
  return candidate
    ? `Keep your rewrite of reply ${own}, or start again from reply ${letter(candidate.id)}`
    : `Keep your rewrite of reply ${own}, or clear it`;
}

/**
 * The rewrite editor (or the button that opens it) and the comment field. The editor names
 * the reply it rewrites; when that reply stops being the best after it was edited, the
 * labeler chooses between keeping the rewrite and starting again from the new best.
 */
export function RewriteAndComment({
  extras,
  best,
  candidate,
  letter,
  editable,
  openLabel,
  nowBest,
}: {
  extras: AnswerExtras;
  /** The completions ranked best now (two for a tie). */
  best: readonly string[];
  /** The completion a new rewrite would start from. */
  candidate: Reply | undefined;
  /** The letter the labeler sees for a completion. */
  letter: (id: string) => string;
  editable: boolean;
  openLabel: (letter: string) => string;
  /** "B is the better reply", "B is ranked best". */
  nowBest: (letter: string) => string;
}) {
  const draft = extras.rewrite;
  const decide = needsDecision(draft, best);
  const editor = useRef<HTMLTextAreaElement>(null);
  const { editorFocus } = extras;
  useEffect(() => {
    if (editorFocus) editor.current?.focus();
  }, [editorFocus]);
  return (
    <>
      {draft ? (
        <div>
          {decide ? (
            <div
              data-testid="rewrite-conflict"
              className="mb-2 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200"
            >
              <p>
                You rewrote reply {letter(draft.sourceId)}, but now{" "}
                {candidate ? nowBest(letter(candidate.id)) : "it is not among the best"}. The rewrite stays a rewrite of
                reply {letter(draft.sourceId)}.
              </p>
              <div className="mt-2 flex flex-wrap gap-2">
                <button
                  type="button"
                  disabled={!editable}
                  onClick={extras.keepRewrite}
                  className="rounded-md border border-amber-300 bg-white px-3 py-1 font-medium disabled:opacity-60"
                >
                  Keep my rewrite of reply {letter(draft.sourceId)}
                </button>
                {candidate ? (
                  <button
                    type="button"
                    disabled={!editable}
                    onClick={() => extras.restartRewrite(candidate)}
                    className="rounded-md border border-amber-300 bg-white px-3 py-1 font-medium disabled:opacity-60"
                  >
                    Start again from reply {letter(candidate.id)}
                  </button>
                ) : null}
              </div>
            </div>
          ) : null}
          <label className="block">
            <span className="text-sm font-medium text-slate-700">
              Your improved version of reply {letter(draft.sourceId)}
              {emptyReplySuffix(draft.sourceText)}
            </span>
            <textarea
              ref={editor}
              value={draft.text}
              disabled={!editable}
              onChange={(e) => extras.editRewrite(e.target.value)}
              maxLength={MAX_TEXT_LENGTH}
              rows={6}
              className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-sm"
            />
          </label>
        </div>
      ) : candidate ? (
        <button
          type="button"
          disabled={!editable}
          onClick={() => extras.openRewrite(candidate)}
          className="text-sm text-indigo-700 underline"
        >
          {openLabel(letter(candidate.id))} <kbd className="text-xs opacity-70">E</kbd>
        </button>
      ) : null}
      <label className="mt-4 block">
        <span className="text-sm text-slate-600">Comment (optional)</span>
        <input
          value={extras.comment}
          disabled={!editable}
          onChange={(e) => extras.setComment(e.target.value)}
          maxLength={MAX_COMMENT_LENGTH}
          className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
      </label>
    </>
  );
}
