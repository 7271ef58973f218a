// An answer against a gold item's expected answer (issue 16, docs/QUALITY.md). Pure.
// The expected answer is {best} (the completion that must come out on top), optionally with
// a full `ranking` (groups, best first) and the expected `flags` per completion. Agreement is
// counted as the agreement report counts it between two labelers (pairwise-item.ts): one
// comparison per pair of completions that the gold answer orders, plus one per (completion,
// flag) decision when flags are expected. A demonstration has no automatic check: an admin's
// grade counts as one comparison (agreeing when accepted).
import { preference } from "@/lib/domain/agreement/pairwise-item";

export interface ExpectedAnswer {
  best?: string;
  ranking?: string[][];
  flags?: Record<string, string[]>;
}

export interface GivenAnswer {
  ranking: string[][] | null;
  flags: Record<string, string[]> | null;
}

export interface GoldCheck {
  comparisons: number;
  agreeing: number;
  /** Every comparison agrees (an attention check passes); null when nothing could be compared. */
  correct: boolean | null;
}

/** The expected answer as stored, or null when the item has none to check against. */
export function expectedAnswerOf(value: unknown): ExpectedAnswer | null {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const out: ExpectedAnswer = {};
  if (typeof v.best === "string") out.best = v.best;
  if (Array.isArray(v.ranking) && v.ranking.every((g) => Array.isArray(g) && g.every((x) => typeof x === "string")))
    out.ranking = v.ranking as string[][];
  if (typeof v.flags === "object" && v.flags !== null && !Array.isArray(v.flags)) {
    const flags: Record<string, string[]> = {};
    for (const [id, list] of Object.entries(v.flags as Record<string, unknown>))
      if (Array.isArray(list)) flags[id] = list.filter((x): x is string => typeof x === "string");
    out.flags = flags;
  }
  return out.best || out.ranking || out.flags ? out : null;
}

/** Pairs of completions the expected answer orders, as (better, worse) or a tie. */
function expectedPairs(expected: ExpectedAnswer, completionIds: string[]): [string, string, 1 | 0][] {
  const pairs: [string, string, 1 | 0][] = [];
  if (expected.ranking) {
    for (let x = 0; x < completionIds.length; x += 1)
      for (let y = x + 1; y < completionIds.length; y += 1) {
        const p = preference(expected.ranking, completionIds[x]!, completionIds[y]!);
        if (p === 1) pairs.push([completionIds[x]!, completionIds[y]!, 1]);
        else if (p === -1) pairs.push([completionIds[y]!, completionIds[x]!, 1]);
        else if (p === 0) pairs.push([completionIds[x]!, completionIds[y]!, 0]);
      }
  } else if (expected.best) {
    for (const other of completionIds) if (other !== expected.best) pairs.push([expected.best, other, 1]);
  }
  return pairs;
}

/**
 * Compares one answer with the expected one. `completionIds`: the item's completions;
 * `projectFlags`: the flags the project asks (each is a yes/no decision per completion).
 */
export function checkAgainstGold(
  given: GivenAnswer,
  expected: ExpectedAnswer,
  completionIds: string[],
  projectFlags: string[],
): GoldCheck {
  let comparisons = 0;
  let agreeing = 0;
  for (const [a, b, p] of expectedPairs(expected, completionIds)) {
    comparisons += 1;
    if (given.ranking && preference(given.ranking, a, b) === p) agreeing += 1;
  }
  if (expected.flags) {
    for (const id of completionIds) {
      const want = new Set(expected.flags[id] ?? []);
      const got = new Set(given.flags?.[id] ?? []);
      for (const flag of projectFlags) {
        comparisons += 1;
        if (want.has(flag) === got.has(flag)) agreeing += 1;
      }
    }
  }
  return { comparisons, agreeing, correct: comparisons ? agreeing === comparisons : null };
}

export interface QualificationScore {
  /** Share of agreeing comparisons over all qualification answers; null when none counted. */
  score: number | null;
  comparisons: number;
  agreeing: number;
  passed: boolean;
}

/** Pairwise agreement with gold over every checked answer (a pooled share, as the report pools items). */
export function qualificationScore(checks: Iterable<Pick<GoldCheck, "comparisons" | "agreeing">>, threshold: number) {
  let comparisons = 0;
  let agreeing = 0;
  for (const c of checks) {
    comparisons += c.comparisons;
    agreeing += c.agreeing;
  }
  const score = comparisons ? agreeing / comparisons : null;
  return { score, comparisons, agreeing, passed: score !== null && score >= threshold } satisfies QualificationScore;
}

/**
 * Attention: accuracy over the last `window` checks (newest first in `correct`). Below the
 * threshold pauses, but only once the window is full: one miss among the first few checks is noise.
 */
export function attentionVerdict(correct: boolean[], window: number, threshold: number) {
  const recent = correct.slice(0, window);
  const accuracy = recent.length ? recent.filter(Boolean).length / recent.length : null;
  return {
    accuracy,
    checks: recent.length,
    pause: recent.length >= window && accuracy !== null && accuracy < threshold,
  };
}

/** Why a gold item cannot be served as a check, or null when it can. */
export function goldUnusableReason(kind: string, role: string | null, expected: ExpectedAnswer | null): string | null {
  if (!role) return null;
  if (kind === "demonstration") {
    return role === "attention"
      ? "A demonstration has no answer to check automatically: it cannot be an attention check."
      : null;
  }
  if (kind === "conversation") return "Conversation items cannot be gold checks.";
  if (!expected)
    return "No expected answer: choose the best completion (or a full ranking) before it can be used as a check.";
  return null;
}
