// Checks a submitted answer against what the labeler was shown. Pure and unit-tested: the
// server (lib/server/queue/submit-annotation.ts) calls it before the one database call that
// stores the answer, so a malformed answer is refused with every problem named and never
// reaches rlhf_submit_annotation.
import type { ProjectKind } from "@/lib/domain/project-kinds";
import { visibleLength } from "@/lib/domain/visible-length";
import type { SubmitBody } from "@/lib/validation/tasks";

export interface TaskContext {
  kind: ProjectKind;
  /** Completion ids in the order this labeler was shown them. */
  completionIds: string[];
  likertEnabled: boolean;
  allowedFlags: string[];
  minDemoLength: number;
}

export interface CheckedAnswer {
  text: string | null;
  ranking: string[][] | null;
  strength: number | null;
  tie: "good" | "bad" | null;
  ratings: Record<string, number> | null;
  flags: Record<string, string[]> | null;
  rewrite: { completionId: string; text: string } | null;
  comment: string | null;
  timeSpentMs: number | null;
}

export type AnswerCheck = { ok: true; answer: CheckedAnswer } | { ok: false; problems: string[] };

/** Counts words the way editors do: runs of non-space characters. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? 0 : trimmed.split(/\s+/u).length;
}

/** One tie group holding every completion: "all equally good (or bad)". */
function isFullTie(ranking: string[][] | undefined, ids: string[]): boolean {
  return ids.length > 1 && ranking?.length === 1 && ranking[0]!.length === ids.length;
}

function checkRanking(ranking: string[][] | undefined, ids: string[], problems: string[]) {
  if (!ranking) {
    problems.push("ranking: required");
    return;
  }
  const seen = new Set<string>();
  for (const id of ranking.flat()) {
    if (!ids.includes(id)) problems.push(`ranking: ${id} is not one of this task's completions`);
    else if (seen.has(id)) problems.push(`ranking: ${id} appears twice`);
    seen.add(id);
  }
  const missing = ids.filter((id) => !seen.has(id));
  if (missing.length) problems.push(`ranking: every completion must be placed (missing ${missing.join(", ")})`);
}

export function checkAnswer(context: TaskContext, body: SubmitBody): AnswerCheck {
  const problems: string[] = [];
  const ids = context.completionIds;

  if (context.kind === "conversation") {
    // Its answer is the conversation itself: chosen turn by turn, ended by a finish.
    return {
      ok: false,
      problems: ["a conversation is answered turn by turn and ended with POST /api/conversations/{id}/finish"],
    };
  }
  if (context.kind === "demonstration") {
    // Visible characters: invisible padding neither fills a reply nor reaches the minimum.
    const length = visibleLength(body.text ?? "");
    if (length === 0) problems.push("text: write the reply before submitting");
    else if (length < context.minDemoLength) {
      problems.push(`text: at least ${context.minDemoLength} characters (now ${length})`);
    }
    if (body.ranking) problems.push("ranking: not part of a demonstration task");
    if (body.strength !== undefined || body.tie) problems.push("strength: not part of a demonstration task");
    if (body.rewrite) problems.push("rewrite: not part of a demonstration task");
  } else {
    if (body.text !== undefined) problems.push("text: only demonstration tasks take a text");
    checkRanking(body.ranking, ids, problems);
    const isTie = isFullTie(body.ranking, ids);
    if (context.kind === "comparison") {
      if (ids.length !== 2) problems.push("a comparison needs exactly two completions");
      if (isTie && body.strength !== undefined) problems.push("strength: a tie has no strength");
      if (isTie && !body.tie) problems.push("tie: say whether both are good or both are bad");
      if (!isTie && body.tie) problems.push("tie: only for a tie");
    } else {
      if (body.strength !== undefined) problems.push("strength: only comparisons take a strength");
      if (body.tie) problems.push("tie: only comparisons take a tie verdict");
    }
    // Any completion the labeler was shown, not only the best: a labeler may keep the rewrite
    // of a reply they then ranked lower. It stays that reply's rewrite (never relabelled).
    if (body.rewrite && !ids.includes(body.rewrite.completionId)) {
      problems.push(`rewrite: ${body.rewrite.completionId} is not one of this task's completions`);
    }
  }

  if (body.ratings && Object.keys(body.ratings).length) {
    if (!context.likertEnabled) problems.push("ratings: Likert ratings are off for this project");
    for (const id of Object.keys(body.ratings)) {
      if (!ids.includes(id)) problems.push(`ratings: ${id} is not one of this task's completions`);
    }
  }
  const flags: Record<string, string[]> = {};
  for (const [id, list] of Object.entries(body.flags ?? {})) {
    if (!ids.includes(id)) problems.push(`flags: ${id} is not one of this task's completions`);
    const unknown = list.filter((flag) => !context.allowedFlags.includes(flag));
    if (unknown.length) problems.push(`flags: unknown flag ${unknown.join(", ")}`);
    const unique = [...new Set(list)].sort();
    if (unique.length) flags[id] = unique;
  }

  if (problems.length) return { ok: false, problems };
  const isTie = context.kind === "comparison" && isFullTie(body.ranking, ids);
  return {
    ok: true,
    answer: {
      text: context.kind === "demonstration" ? body.text!.trim() : null,
      ranking: context.kind === "demonstration" ? null : body.ranking!,
      strength: context.kind === "comparison" && !isTie ? (body.strength ?? null) : null,
      tie: isTie ? (body.tie ?? null) : null,
      ratings: body.ratings && Object.keys(body.ratings).length ? body.ratings : null,
      flags: Object.keys(flags).length ? flags : null,
      rewrite: body.rewrite ?? null,
      comment: body.comment?.trim() || null,
      timeSpentMs: body.timeSpentMs ?? null,
    },
  };
}
