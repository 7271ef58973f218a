// One item's completion pairs as a judge and the humans saw them: what judge–human agreement
// (judge-agreement.ts) sums. The judge is treated as one more labeler, compared with each
// human answer only (humans are never compared with each other here), so its figure reads
// the same as the human pairwise agreement of lib/domain/agreement/pairwise-item.ts.
import { preference } from "@/lib/domain/agreement/pairwise-item";

/** A completion pair's verdict: the first completion (item order) better, the second, or a tie. */
export type PairVerdict = "first" | "second" | "tie";

export interface JudgedItem {
  itemId: string;
  number: number;
  /** Characters of the prompt: every message's content, summed. */
  promptLength: number;
  /** The item's own completions in their order (rewrites left out). */
  completions: { id: string; model: string | null; length: number }[];
  /** The judge's combined ranking (tie groups, best first); null when it could not be parsed. */
  judge: string[][] | null;
  /** The human answers that ranked the item, each with the flags it set on any completion. */
  humans: { ranking: string[][]; flags: string[] }[];
}

export interface PairResult {
  first: string;
  second: string;
  /** "model a vs model b", the two names sorted ("(none)" for a completion naming none). */
  models: string;
  judge: PairVerdict;
  /** The human answers' verdicts on the pair (answers that ranked both completions). */
  humans: PairVerdict[];
  /** The verdict more than half of those answers gave; null when none did (or no answer). */
  majority: PairVerdict | null;
  /** Pairwise comparisons (judge vs one human answer), those agreeing, those with a tie on either side. */
  comparisons: number;
  agreeing: number;
  withTies: number;
  /** Characters of the two completions. */
  lengths: [number, number];
}

export const NO_MODEL = "(none)";

const verdictOf = (p: 1 | -1 | 0): PairVerdict => (p === 1 ? "first" : p === -1 ? "second" : "tie");

/** The verdict held by more than half of `verdicts`, or null. */
export function majorityVerdict(verdicts: PairVerdict[]): PairVerdict | null {
  for (const v of ["first", "second", "tie"] as const) {
    if (verdicts.filter((x) => x === v).length * 2 > verdicts.length) return v;
  }
  return null;
}

/**
 * The pairs of an item's completions that the judge ranked (both completions placed), in the
 * item's order; none when the judge's answer was not parsed.
 */
export function judgedPairs(item: JudgedItem): PairResult[] {
  if (!item.judge) return [];
  const pairs: PairResult[] = [];
  const { completions } = item;
  for (let x = 0; x < completions.length; x += 1) {
    for (let y = x + 1; y < completions.length; y += 1) {
      const a = completions[x]!;
      const b = completions[y]!;
      const j = preference(item.judge, a.id, b.id);
      if (j === null) continue;
      const humans: PairVerdict[] = [];
      let agreeing = 0;
      let withTies = 0;
      for (const h of item.humans) {
        const p = preference(h.ranking, a.id, b.id);
        if (p === null) continue;
        humans.push(verdictOf(p));
        if (p === j) agreeing += 1;
        if (p === 0 || j === 0) withTies += 1;
      }
      pairs.push({
        first: a.id,
        second: b.id,
        models: [a.model ?? NO_MODEL, b.model ?? NO_MODEL].sort().join(" vs "),
        judge: verdictOf(j),
        humans,
        majority: majorityVerdict(humans),
        comparisons: humans.length,
        agreeing,
        withTies,
        lengths: [a.length, b.length],
      });
    }
  }
  return pairs;
}

/** The buckets of prompt length (characters) the report slices by. */
export const PROMPT_LENGTH_BUCKETS = [
  { key: "<200", test: (n: number) => n < 200 },
  { key: "200–1000", test: (n: number) => n >= 200 && n <= 1000 },
  { key: ">1000", test: (n: number) => n > 1000 },
] as const;

export function promptLengthBucket(length: number): string {
  return PROMPT_LENGTH_BUCKETS.find((b) => b.test(length))!.key;
}
