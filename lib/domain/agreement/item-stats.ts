// Everything the agreement report needs from one item, computed when the item changes (on
// each submit, under the item's lock) and stored on the item, so that a project's report is
// a sum over stored numbers instead of a pass over every ranking: pairwise counts, the item's
// share of Krippendorff coincidences (winner and Likert), and per labeler their agreement
// with the others' consensus (leave-one-out) and their length preference.
import { bordaRanking } from "@/lib/domain/agreement/consensus";
import { AlphaAccumulator, type AlphaState } from "@/lib/domain/agreement/krippendorff";
import { itemPairwiseAgreement } from "@/lib/domain/agreement/pairwise-item";

export interface StatsAnswer {
  id: string;
  labeler: string;
  ranking: string[][] | null;
  ratings: Record<string, number> | null;
}

/**
 * The version of the stored shape (items.agreement_stats ->> 'version'). Stats of another
 * version count as stale: the report leaves them out and the refresh rewrites them. Version 1
 * (no "version" key) kept the labelers' counts, the alpha cells and the Likert counts as
 * positional arrays.
 */
export const AGREEMENT_STATS_VERSION = 2;

/** Likert scores, as the keys of ItemStats.likertCounts. */
export const LIKERT_SCORES = ["1", "2", "3", "4", "5", "6", "7"] as const;
export type LikertScore = (typeof LIKERT_SCORES)[number];

/** One labeler's counts on one item (one answer each). */
export interface LabelerItemStats {
  /** Completion pairs on which both this answer and the others' consensus take a side (0 alone). */
  looPairs: number;
  looAgree: number;
  /** Decided pairs of unequal length, and how many of them went to the longer completion. */
  lengthPairs: number;
  longer: number;
}

/** What items.agreement_stats holds (JSON, named keys). */
export interface ItemStats {
  version: typeof AGREEMENT_STATS_VERSION;
  /** Ranked answers folded in. */
  answers: number;
  comparisons: number;
  agreeing: number;
  ties: number;
  /** Comparisons: which completion won (or "tie"), nominal. */
  winner: AlphaState | null;
  /** Likert scores per completion, interval. */
  likert: AlphaState | null;
  /** How many times each Likert score was given. */
  likertCounts: Record<LikertScore, number>;
  /** Per labeler (by id). */
  labelers: Record<string, LabelerItemStats>;
}

export interface AnswerStats extends LabelerItemStats {
  id: string;
}

function ranks(ranking: string[][]): Map<string, number> {
  const map = new Map<string, number>();
  ranking.forEach((group, g) => {
    for (const id of group) map.set(id, g);
  });
  return map;
}

function prefer(rank: Map<string, number>, a: string, b: string): number | null {
  const ra = rank.get(a);
  const rb = rank.get(b);
  if (ra === undefined || rb === undefined) return null;
  return ra === rb ? 0 : ra < rb ? 1 : -1;
}

/** completionLengths: the item's original completions (id -> characters). */
export function itemStats(
  kind: string,
  completionLengths: Record<string, number>,
  answers: StatsAnswer[],
): { item: ItemStats; answers: AnswerStats[] } {
  const ids = Object.keys(completionLengths).sort();
  const ranked = answers.filter((a): a is StatsAnswer & { ranking: string[][] } => Boolean(a.ranking));
  const pairs = itemPairwiseAgreement(ranked.map((a) => a.ranking));
  let winner: AlphaState | null = null;
  if (kind === "comparison" && ranked.length) {
    const alpha = new AlphaAccumulator("nominal");
    alpha.addUnit(
      ranked.map((a) => (a.ranking[0]!.length > 1 ? "tie" : a.ranking[0]![0]!)),
      ranked.map((a) => a.labeler),
    );
    winner = alpha.toState();
  }
  const scores = new Map<string, { values: number[]; coders: string[] }>();
  const likertCounts = Object.fromEntries(LIKERT_SCORES.map((score) => [score, 0])) as Record<LikertScore, number>;
  for (const a of answers) {
    for (const completion in a.ratings ?? {}) {
      const unit = scores.get(completion) ?? { values: [], coders: [] };
      const score = a.ratings![completion]!;
      if (Number.isInteger(score) && score >= 1 && score <= 7) likertCounts[String(score) as LikertScore] += 1;
      unit.values.push(score);
      unit.coders.push(a.labeler);
      scores.set(completion, unit);
    }
  }
  let likert: AlphaState | null = null;
  if (scores.size) {
    const alpha = new AlphaAccumulator("interval");
    for (const unit of scores.values()) alpha.addUnit(unit.values, unit.coders);
    likert = alpha.toState();
  }

  const rankMaps = ranked.map((a) => ranks(a.ranking));
  const perAnswer = ranked.map((answer, index): AnswerStats => {
    const mine = rankMaps[index]!;
    let lengthPairs = 0;
    let longer = 0;
    for (let x = 0; x < ids.length; x += 1) {
      for (let y = x + 1; y < ids.length; y += 1) {
        const p = prefer(mine, ids[x]!, ids[y]!);
        const la = completionLengths[ids[x]!]!;
        const lb = completionLengths[ids[y]!]!;
        if (p && la !== lb) {
          lengthPairs += 1;
          if ((p === 1) === la > lb) longer += 1;
        }
      }
    }
    let looPairs = 0;
    let looAgree = 0;
    if (ranked.length > 1) {
      const theirs = ranks(
        bordaRanking(
          ids,
          ranked.filter((_, o) => o !== index).map((o) => o.ranking),
        ).ranking,
      );
      for (let x = 0; x < ids.length; x += 1) {
        for (let y = x + 1; y < ids.length; y += 1) {
          const p = prefer(mine, ids[x]!, ids[y]!);
          const q = prefer(theirs, ids[x]!, ids[y]!);
          if (p === null || q === null) continue;
          looPairs += 1;
          if (p === q) looAgree += 1;
        }
      }
    }
    return { id: answer.id, looPairs, looAgree, lengthPairs, longer };
  });
  return {
    item: {
      version: AGREEMENT_STATS_VERSION,
      answers: ranked.length,
      comparisons: pairs.comparisons,
      agreeing: pairs.agreeing,
      ties: pairs.withTies,
      winner,
      likert,
      likertCounts,
      labelers: Object.fromEntries(
        perAnswer.map(({ looPairs, looAgree, lengthPairs, longer }, i) => [
          ranked[i]!.labeler,
          { looPairs, looAgree, lengthPairs, longer },
        ]),
      ),
    },
    answers: perAnswer,
  };
}
