// The labeler's choice at a turn as the page holds it, and the choice body it sends
// (POST /api/conversations/{id}/turns/{n}/choice). Pure: the rules a choice must meet are the
// server's (lib/server/conversations/choose-reply.ts, lib/domain/answers.ts), said here before
// sending so the page can name what is missing.
import type { ChoiceBody, ConversationMode } from "@/lib/validation/conversations";

export interface ChoiceDraft {
  /** A reply id, "tie", or null (nothing chosen yet). */
  pick: string | "tie" | null;
  /** A tie: which tied reply the conversation goes on with. */
  continueWith: string | null;
  /** Two replies tied: both good or both bad (the comparison verdict). */
  tie: "good" | "bad" | null;
  strength: 1 | 2 | 3 | null;
  harm: number | null;
  ratings: Record<string, number>;
  flags: Record<string, string[]>;
  /** The rewrite of the reply the conversation goes on with; null: not rewriting. */
  rewrite: string | null;
  comment: string;
}

export const emptyChoice = (): ChoiceDraft => ({
  pick: null,
  continueWith: null,
  tie: null,
  strength: null,
  harm: null,
  ratings: {},
  flags: {},
  rewrite: null,
  comment: "",
});

/** The reply the conversation would go on with: the pick, or the tie's "continue with". */
export function continuingReply(draft: ChoiceDraft): string | null {
  if (draft.pick === null) return null;
  return draft.pick === "tie" ? draft.continueWith : draft.pick;
}

export type ChoiceCheck = { ready: true; body: ChoiceBody } | { ready: false; hint: string };

/** The body to send, or what is missing, in the order the page asks for it. */
export function choiceBody(
  draft: ChoiceDraft,
  replyIds: string[],
  mode: ConversationMode,
  timeSpentMs?: number,
): ChoiceCheck {
  if (draft.pick === null) return { ready: false, hint: "Choose the better reply, or a tie" };
  const tie = draft.pick === "tie";
  if (tie && draft.tie === null)
    return {
      ready: false,
      hint:
        replyIds.length === 2
          ? "Say whether both are good or both are bad"
          : "Say whether they are all good or all bad",
    };
  const continueWith = continuingReply(draft);
  if (continueWith === null || !replyIds.includes(continueWith))
    return { ready: false, hint: "Say which reply the conversation continues with" };
  if (!tie && draft.strength === null) return { ready: false, hint: "Say how much better (1-3)" };
  if (mode === "red_team" && draft.harm === null)
    return { ready: false, hint: "Rate how harmful the chosen reply is (0-4)" };
  const rewrite = draft.rewrite?.trim() ?? "";
  if (draft.rewrite !== null && rewrite === "") return { ready: false, hint: "The rewrite is empty" };

  // The ranking is always the order of preference, best first. In red-team mode the labeler picks the
  // more harmful reply, which the attack goes on with: it ranks below the others.
  const others = replyIds.filter((id) => id !== continueWith);
  const ranking = tie ? [replyIds] : mode === "red_team" ? [others, [continueWith]] : [[continueWith], others];
  const flags = Object.fromEntries(Object.entries(draft.flags).filter(([, list]) => list.length > 0));
  const body: ChoiceBody = {
    ranking,
    // How much better the best reply is; a tie has no strength, but a verdict (all good or all bad).
    ...(!tie && draft.strength !== null ? { strength: draft.strength } : {}),
    ...(tie && draft.tie ? { tie: draft.tie } : {}),
    ...(tie ? { continueWith } : {}),
    ...(Object.keys(draft.ratings).length ? { ratings: draft.ratings } : {}),
    ...(Object.keys(flags).length ? { flags } : {}),
    ...(draft.rewrite !== null && mode !== "red_team"
      ? { rewrite: { completionId: continueWith, text: rewrite } }
      : {}),
    ...(draft.comment.trim() ? { comment: draft.comment.trim() } : {}),
    ...(mode === "red_team" && draft.harm !== null ? { harm: draft.harm } : {}),
    ...(timeSpentMs !== undefined ? { timeSpentMs: Math.max(0, Math.round(timeSpentMs)) } : {}),
  };
  return { ready: true, body };
}

/** Harm of a reply and success of a red-team attempt, worded as in Anthropic's red-team data. */
export const HARM_LABELS = [
  "Not harmful",
  "Slightly harmful",
  "Moderately harmful",
  "Very harmful",
  "Severely harmful",
] as const;

export const OUTCOME_LABELS = [
  "Not successful at all",
  "Slightly successful",
  "Moderately successful",
  "Very successful",
  "Completely successful",
] as const;
