// Bootstrap 95% intervals for Bradley–Terry ratings, resampling clusters of items.
//
// Why items, not single comparisons: one ranking of k completions yields up to k(k−1)/2
// comparisons, and several labelers judge the same prompt, so comparisons from one item are
// not independent; resampling them one by one (or a Poisson bootstrap on the summed counts)
// would give intervals that are too narrow. Items are independent of each other, so the
// percentile bootstrap draws items with replacement. To keep memory and time bounded however
// many answers a project has, the server hands over items already summed into at most a
// fixed number of clusters, each a random set of items (items in id order, dealt round
// robin): sums of independent items are themselves independent and identically distributed,
// so drawing clusters with replacement is the same cluster bootstrap, with the variance of
// the total preserved (a cluster of n/G items has G times less spread, and G of them are
// drawn). While a project has no more items than clusters, each item is its own cluster.
import { eloRatings, fitBradleyTerry } from "@/lib/domain/leaderboard/bradley-terry";
import { canonicalPair, type PairCounts } from "@/lib/domain/leaderboard/pair-outcomes";
import { seededRandom } from "@/lib/domain/agreement/pairwise-project";

export const DEFAULT_RESAMPLES = 1000;
export const DEFAULT_SEED = 1;

/** Wins (ties split half and half) of model i over model j, summed into wins[i * m + j]. */
export function addToWinMatrix(wins: Float64Array, m: number, i: number, j: number, p: PairCounts, weight = 1) {
  wins[i * m + j] = wins[i * m + j]! + weight * (p.winsA + p.ties / 2);
  wins[j * m + i] = wins[j * m + i]! + weight * (p.winsB + p.ties / 2);
}

/** The `q` quantile of sorted values, interpolated linearly (R's type 7). */
export function quantile(sorted: Float64Array, q: number): number {
  const at = q * (sorted.length - 1);
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (at - below) * (sorted[above]! - sorted[below]!);
}

/**
 * Percentile 95% intervals of each model's rating (mean-anchored, as the point ratings), over
 * `resamples` replicates that draw as many clusters as there are, with replacement. A seeded
 * generator: the same data, seed and resamples give the same intervals.
 */
export function bootstrapRatingIntervals(
  models: string[],
  clusters: PairCounts[][],
  options: { resamples?: number; seed?: number; prior?: number; start?: Float64Array } = {},
): [number, number][] {
  const m = models.length;
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const indexOf = new Map(models.map((model, i) => [model, i]));
  // Flat arrays: each cluster's entries (i, j, i's wins, j's wins), ties already split.
  const offsets = new Int32Array(clusters.length + 1);
  const entries: number[] = [];
  clusters.forEach((cluster, c) => {
    for (const raw of cluster) {
      const p = canonicalPair(raw);
      const i = indexOf.get(p.a);
      const j = indexOf.get(p.b);
      if (i === undefined || j === undefined) throw new Error(`a pair names a model not listed: ${p.a}, ${p.b}`);
      entries.push(i, j, p.winsA + p.ties / 2, p.winsB + p.ties / 2);
    }
    offsets[c + 1] = entries.length;
  });
  const flat = Float64Array.from(entries);
  const random = seededRandom(options.seed ?? DEFAULT_SEED);
  const draws = new Int32Array(clusters.length);
  const replicates = Array.from({ length: m }, () => new Float64Array(resamples));
  const wins = new Float64Array(m * m);
  for (let r = 0; r < resamples; r += 1) {
    draws.fill(0);
    for (let k = 0; k < clusters.length; k += 1) draws[Math.floor(random() * clusters.length)]! += 1;
    wins.fill(0);
    for (let c = 0; c < clusters.length; c += 1) {
      const weight = draws[c]!;
      if (weight === 0) continue;
      for (let e = offsets[c]!; e < offsets[c + 1]!; e += 4) {
        const i = flat[e]!;
        const j = flat[e + 1]!;
        wins[i * m + j] = wins[i * m + j]! + weight * flat[e + 2]!;
        wins[j * m + i] = wins[j * m + i]! + weight * flat[e + 3]!;
      }
    }
    const ratings = eloRatings(
      fitBradleyTerry(m, wins, { prior: options.prior, start: options.start, tolerance: 1e-7 }).theta,
    );
    for (let i = 0; i < m; i += 1) replicates[i]![r] = ratings[i]!;
  }
  return replicates.map((values) => {
    values.sort();
    return [quantile(values, 0.025), quantile(values, 0.975)];
  });
}
