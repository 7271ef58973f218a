// Project-wide pairwise preference agreement (InstructGPT's inter-labeler agreement): the
// share of (labeler pair, completion pair) comparisons that agree, pooled over items, with
// a percentile bootstrap confidence interval that resamples items.
import { itemPairwiseAgreement } from "@/lib/domain/agreement/pairwise-item";

export interface ProjectAgreement {
  agreement: number | null;
  comparisons: number;
  /** Share of comparisons in which a labeler called a tie. */
  tieShare: number | null;
  ci95: [number, number] | null;
  items: number;
}

/** A small seeded PRNG (mulberry32): the same data and seed give the same interval. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** rankingsPerItem[i]: the rankings (tie groups) that labelers gave item i. */
export function projectPairwiseAgreement(
  rankingsPerItem: string[][][][],
  options: { resamples?: number; seed?: number } = {},
): ProjectAgreement {
  const perItem = rankingsPerItem.map((rankings) => itemPairwiseAgreement(rankings)).filter((r) => r.comparisons > 0);
  const total = (rows: typeof perItem) => {
    const comparisons = rows.reduce((s, r) => s + r.comparisons, 0);
    return {
      comparisons,
      agreeing: rows.reduce((s, r) => s + r.agreeing, 0),
      ties: rows.reduce((s, r) => s + r.withTies, 0),
    };
  };
  const all = total(perItem);
  if (all.comparisons === 0) return { agreement: null, comparisons: 0, tieShare: null, ci95: null, items: 0 };
  const random = seededRandom(options.seed ?? 1);
  const resamples = options.resamples ?? 1000;
  const estimates: number[] = [];
  for (let b = 0; b < resamples; b += 1) {
    let comparisons = 0;
    let agreeing = 0;
    for (let i = 0; i < perItem.length; i += 1) {
      const row = perItem[Math.floor(random() * perItem.length)]!;
      comparisons += row.comparisons;
      agreeing += row.agreeing;
    }
    estimates.push(agreeing / comparisons);
  }
  estimates.sort((x, y) => x - y);
  const at = (q: number) => estimates[Math.min(estimates.length - 1, Math.max(0, Math.floor(q * estimates.length)))]!;
  return {
    agreement: all.agreeing / all.comparisons,
    comparisons: all.comparisons,
    tieShare: all.ties / all.comparisons,
    ci95: [at(0.025), at(0.975)],
    items: perItem.length,
  };
}
