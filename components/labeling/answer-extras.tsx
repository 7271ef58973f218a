"use client";

import { useRef, useState } from "react";
import type { SubmitBody } from "./types";

/**
 * What comparisons and rankings both ask beyond the order: Likert ratings and flags per
 * completion, an optional rewrite of the best completion, and a comment.
 */
export function useAnswerExtras() {
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [flags, setFlags] = useState<Record<string, string[]>>({});
  const [rewriteOpen, setRewriteOpen] = useState(false);
  const [rewrite, setRewrite] = useState("");
  const [comment, setComment] = useState("");
  const rewriteRef = useRef<HTMLTextAreaElement>(null);

  const rate = (id: string, score: number) => setRatings((r) => ({ ...r, [id]: score }));
  const toggleFlag = (id: string, flag: string) =>
    setFlags((current) => {
      const list = current[id] ?? [];
      const next = list.includes(flag) ? list.filter((f) => f !== flag) : [...list, flag];
      const copy = { ...current, [id]: next };
      if (next.length === 0) delete copy[id];
      return copy;
    });
  /** Opens the rewrite editor, starting from the text being improved. */
  const openRewrite = (original: string) => {
    setRewriteOpen(true);
    setRewrite((current) => current || original);
    setTimeout(() => rewriteRef.current?.focus(), 0);
  };
  /** The optional fields of the submit body; a rewrite only when it changes the best completion. */
  const bodyFields = (best: { id: string; text: string } | undefined): Partial<SubmitBody> => {
    const rewritten = best && rewriteOpen && rewrite.trim() && rewrite.trim() !== best.text.trim();
    return {
      ...(Object.keys(ratings).length ? { ratings } : {}),
      ...(Object.keys(flags).length ? { flags } : {}),
      ...(rewritten ? { rewrite: { completionId: best.id, text: rewrite } } : {}),
      ...(comment.trim() ? { comment } : {}),
    };
  };
  return {
    ratings,
    rate,
    flags,
    toggleFlag,
    rewriteOpen,
    rewrite,
    setRewrite,
    openRewrite,
    rewriteRef,
    comment,
    setComment,
    bodyFields,
  };
}

export type AnswerExtras = ReturnType<typeof useAnswerExtras>;

/** The rewrite editor (or the button that opens it) and the comment field. */
export function RewriteAndComment({
  extras,
  best,
  editable,
  openLabel,
  editorLabel,
}: {
  extras: AnswerExtras;
  best: { id: string; text: string } | undefined;
  editable: boolean;
  openLabel: string;
  editorLabel: string;
}) {
  return (
    <>
      {best ? (
        extras.rewriteOpen ? (
          <label className="block">
            <span className="text-sm font-medium text-slate-700">{editorLabel}</span>
            <textarea
              ref={extras.rewriteRef}
              value={extras.rewrite}
              disabled={!editable}
              onChange={(e) => extras.setRewrite(e.target.value)}
              rows={6}
              className="mt-1 block w-full rounded-md border border-slate-300 p-2 text-sm"
            />
          </label>
        ) : (
          <button
            type="button"
            disabled={!editable}
            onClick={() => extras.openRewrite(best.text)}
            className="text-sm text-indigo-700 underline"
          >
            {openLabel} <kbd className="text-xs opacity-70">E</kbd>
          </button>
        )
      ) : null}
      <label className="mt-4 block">
        <span className="text-sm text-slate-600">Comment (optional)</span>
        <input
          value={extras.comment}
          disabled={!editable}
          onChange={(e) => extras.setComment(e.target.value)}
          className="mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm"
        />
      </label>
    </>
  );
}
