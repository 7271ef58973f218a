// A project's model leaderboard from its comparison clusters: Bradley–Terry ratings on the
// Elo scale with bootstrap intervals, win/loss/tie counts, a win-rate matrix and each model's
// mean completion length. Pure: the server (lib/server/leaderboard/) reads the counts.
import {
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  addToWinMatrix,
  bootstrapRatingIntervals,
} from "@/lib/domain/leaderboard/bootstrap";
import { DEFAULT_PRIOR, eloRatings, fitBradleyTerry } from "@/lib/domain/leaderboard/bradley-terry";
import { sumPairs, type PairCounts } from "@/lib/domain/leaderboard/pair-outcomes";

export interface LeaderboardModel {
  model: string;
  /** Bradley–Terry rating on the Elo scale (models' mean = 1000). */
  rating: number;
  /** Percentile bootstrap 95% interval of the rating. */
  ci95: [number, number];
  wins: number;
  losses: number;
  ties: number;
  /** Comparisons with another model: wins + losses + ties. */
  comparisons: number;
  /** (wins + ties / 2) / comparisons. */
  winRate: number;
  /** Mean length in characters of the model's completions in the project (null: none). */
  meanLength: number | null;
}

export interface Leaderboard {
  /** Best first (highest rating; then by name). */
  models: LeaderboardModel[];
  /**
   * winRates[r][c]: how often the row's model beat the column's, ties counted half, in the
   * order of `models`; null on the diagonal and for pairs never compared.
   */
  winRates: (number | null)[][];
  /** pairComparisons[r][c]: comparisons between the row's and the column's model. */
  pairComparisons: number[][];
  /** Comparisons between models, all pairs together. */
  comparisons: number;
  /** Distinct models named by the project's completions (compared or not). */
  modelsNamed: number;
  bootstrap: { resamples: number; seed: number; clusters: number; prior: number };
}

export interface ModelLength {
  model: string;
  completions: number;
  meanLength: number;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export function buildLeaderboard(
  clusters: PairCounts[][],
  lengths: ModelLength[],
  options: { resamples?: number; seed?: number; prior?: number } = {},
): Leaderboard {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  const prior = options.prior ?? DEFAULT_PRIOR;
  const totals = sumPairs(clusters.flat()).filter((p) => p.winsA + p.winsB + p.ties > 0);
  const names = [...new Set(totals.flatMap((p) => [p.a, p.b]))].sort();
  const m = names.length;
  const index = new Map(names.map((n, i) => [n, i]));
  const wins = new Float64Array(m * m);
  const counts = names.map(() => ({ wins: 0, losses: 0, ties: 0 }));
  const pairCounts = names.map(() => names.map(() => 0));
  let comparisons = 0;
  for (const p of totals) {
    const i = index.get(p.a)!;
    const j = index.get(p.b)!;
    addToWinMatrix(wins, m, i, j, p);
    counts[i]!.wins += p.winsA;
    counts[i]!.losses += p.winsB;
    counts[i]!.ties += p.ties;
    counts[j]!.wins += p.winsB;
    counts[j]!.losses += p.winsA;
    counts[j]!.ties += p.ties;
    const n = p.winsA + p.winsB + p.ties;
    pairCounts[i]![j] = n;
    pairCounts[j]![i] = n;
    comparisons += n;
  }
  const fit = fitBradleyTerry(m, wins, { prior });
  const ratings = eloRatings(fit.theta);
  const intervals =
    m > 0 ? bootstrapRatingIntervals(names, clusters, { resamples, seed, prior, start: fit.theta }) : [];
  const lengthOf = new Map(lengths.map((l) => [l.model, l.meanLength]));
  const order = names.map((_, i) => i).sort((x, y) => ratings[y]! - ratings[x]! || (names[x]! < names[y]! ? -1 : 1));
  const models = order.map((i): LeaderboardModel => {
    const c = counts[i]!;
    const n = c.wins + c.losses + c.ties;
    const length = lengthOf.get(names[i]!);
    return {
      model: names[i]!,
      rating: round(ratings[i]!, 1),
      ci95: [round(intervals[i]![0], 1), round(intervals[i]![1], 1)],
      wins: c.wins,
      losses: c.losses,
      ties: c.ties,
      comparisons: n,
      winRate: round((c.wins + c.ties / 2) / n, 4),
      meanLength: length === undefined ? null : round(length, 1),
    };
  });
  return {
    models,
    winRates: order.map((r) =>
      order.map((c) => {
        const n = wins[r * m + c]! + wins[c * m + r]!;
        return r === c || n === 0 ? null : round(wins[r * m + c]! / n, 4);
      }),
    ),
    pairComparisons: order.map((r) => order.map((c) => pairCounts[r]![c]!)),
    comparisons,
    modelsNamed: new Set([...lengths.map((l) => l.model), ...names]).size,
    bootstrap: { resamples, seed, clusters: clusters.length, prior },
  };
}
