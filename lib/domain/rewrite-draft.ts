// A labeler's rewrite of one completion, as the labeling page holds it. Pure, so the rule
// "a rewrite belongs to the reply it was written from" has one tested home.
//
// The rewrite is always submitted as a rewrite of the completion whose text seeded the editor:
// the preference export pairs it (chosen) against that completion (rejected), so relabelling
// it to whichever reply is best now would pair one reply's rewrite against another reply.

export interface Reply {
  id: string;
  text: string;
}

export interface RewriteDraft {
  /** The completion whose text seeded the editor: the rewrite is of this one, always. */
  sourceId: string;
  sourceText: string;
  text: string;
  /** The labeler chose to keep this rewrite although its reply is no longer among the best. */
  kept: boolean;
}

export const startRewrite = (source: Reply): RewriteDraft => ({
  sourceId: source.id,
  sourceText: source.text,
  text: source.text,
  kept: false,
});

/** Whether the labeler changed anything: an untouched (or emptied) editor rewrites nothing. */
export const isEdited = (draft: RewriteDraft): boolean => {
  const text = draft.text.trim();
  return text !== "" && text !== draft.sourceText.trim();
};

/**
 * The reply a new rewrite starts from: the selected reply when it is among the best (a tied
 * top group), otherwise the first of the best.
 */
export function rewriteCandidate(best: readonly string[], selected: string | undefined): string | undefined {
  return selected !== undefined && best.includes(selected) ? selected : best[0];
}

/**
 * After the best replies change: an untouched editor moves to the new best reply (nothing of
 * the labeler's is lost); an edited one stays with its own reply.
 */
export function followBest(
  draft: RewriteDraft | null,
  best: readonly string[],
  candidate: Reply | undefined,
): RewriteDraft | null {
  if (!draft || !candidate || best.includes(draft.sourceId) || isEdited(draft)) return draft;
  return startRewrite(candidate);
}

/**
 * True when the labeler edited a rewrite of a reply that is no longer among the best and has
 * not said whether to keep it: they decide (keep it, or start again from the new best).
 */
export const needsDecision = (draft: RewriteDraft | null, best: readonly string[]): draft is RewriteDraft =>
  draft !== null && isEdited(draft) && !draft.kept && !best.includes(draft.sourceId);

/** The submit body's `rewrite`: present only when the labeler changed the text. */
export function rewriteField(draft: RewriteDraft | null): { completionId: string; text: string } | undefined {
  return draft && isEdited(draft) ? { completionId: draft.sourceId, text: draft.text } : undefined;
}
