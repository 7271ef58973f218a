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

/** Up to this many items the bootstrap draws item by item; above, by pattern (same distribution, far faster). */
export const EXACT_RESAMPLING_UP_TO = 20_000;

/**
 * A Binomial(n, p) draw: by inversion (waiting times) when n·p or n·(1-p) is small, else by
 * the normal approximation with continuity correction (n·p·(1-p) > 25 there, where it is
 * accurate to well under the resolution a 1,000-sample bootstrap has).
 */
export function binomial(n: number, p: number, random: () => number): number {
  if (p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, random);
  if (n * p < 30) {
    // Count successes by geometric waiting times.
    let successes = 0;
    let position = 0;
    const log = Math.log(1 - p);
    for (;;) {
      position += Math.floor(Math.log(1 - random()) / log) + 1;
      if (position > n) return successes;
      successes += 1;
    }
  }
  const mean = n * p;
  const sd = Math.sqrt(mean * (1 - p));
  const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Math.min(n, Math.max(0, Math.round(mean + sd * z)));
}

/** rankingsPerItem[i]: the rankings (tie groups) that labelers gave item i. */
export function projectPairwiseAgreement(
  rankingsPerItem: string[][][][],
  options: { resamples?: number; seed?: number } = {},
): ProjectAgreement {
  return pooledPairwiseAgreement(
    rankingsPerItem.map((rankings) => itemPairwiseAgreement(rankings)),
    options,
  );
}

/** The same from each item's counts (items without comparisons are left out). */
export function pooledPairwiseAgreement(
  items: { comparisons: number; agreeing: number; withTies: number }[],
  options: { resamples?: number; seed?: number; exactUpTo?: number } = {},
): ProjectAgreement {
  const counted = items.filter((r) => r.comparisons > 0);
  const comparisonsOf = Float64Array.from(counted, (r) => r.comparisons);
  const agreeingOf = Float64Array.from(counted, (r) => r.agreeing);
  let comparisons = 0;
  let agreeing = 0;
  let ties = 0;
  for (const r of counted) {
    comparisons += r.comparisons;
    agreeing += r.agreeing;
    ties += r.withTies;
  }
  if (comparisons === 0) return { agreement: null, comparisons: 0, tieShare: null, ci95: null, items: 0 };
  const random = seededRandom(options.seed ?? 1);
  const resamples = options.resamples ?? 1000;
  const count = counted.length;
  const estimates = new Float64Array(resamples);
  if (count <= (options.exactUpTo ?? EXACT_RESAMPLING_UP_TO)) {
    for (let b = 0; b < resamples; b += 1) {
      let c = 0;
      let a = 0;
      for (let i = 0; i < count; i += 1) {
        const pick = Math.floor(random() * count);
        c += comparisonsOf[pick]!;
        a += agreeingOf[pick]!;
      }
      estimates[b] = a / c;
    }
  } else {
    // Many items share a pattern (same comparisons, same agreeing): drawing `count` items
    // with replacement is drawing how many of each pattern from a multinomial.
    const patterns = new Map<string, { comparisons: number; agreeing: number; n: number }>();
    for (const r of counted) {
      const key = `${r.comparisons}:${r.agreeing}`;
      const p = patterns.get(key);
      if (p) p.n += 1;
      else patterns.set(key, { comparisons: r.comparisons, agreeing: r.agreeing, n: 1 });
    }
    const list = [...patterns.values()].sort((x, y) => y.n - x.n);
    for (let b = 0; b < resamples; b += 1) {
      let left = count;
      let mass = count;
      let c = 0;
      let a = 0;
      for (const p of list) {
        if (left === 0) break;
        const drawn = p === list[list.length - 1] ? left : binomial(left, Math.min(1, p.n / mass), random);
        c += drawn * p.comparisons;
        a += drawn * p.agreeing;
        left -= drawn;
        mass -= p.n;
      }
      estimates[b] = a / c;
    }
  }
  estimates.sort();
  const at = (q: number) => estimates[Math.min(resamples - 1, Math.max(0, Math.floor(q * resamples)))]!;
  return {
    agreement: agreeing / comparisons,
    comparisons,
    tieShare: ties / comparisons,
    ci95: [at(0.025), at(0.975)],
    items: count,
  };
}
