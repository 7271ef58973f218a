import { describe, expect, it } from "vitest";
import { bootstrapRatingIntervals, quantile } from "@/lib/domain/leaderboard/bootstrap";
import { eloRatings, expectedScore, fitBradleyTerry } from "@/lib/domain/leaderboard/bradley-terry";
import { buildLeaderboard } from "@/lib/domain/leaderboard/leaderboard";
import { rankingPairOutcomes, sumPairs, type PairCounts } from "@/lib/domain/leaderboard/pair-outcomes";

// Agresti (2002), Categorical Data Analysis, 2nd ed., Table 10.10: the 1987 season of the
// American League East, wins of the row team over the column team (13 games per pair).
const TEAMS = ["Milwaukee", "Detroit", "Toronto", "New York", "Boston", "Cleveland", "Baltimore"];
const BASEBALL = [
  [0, 7, 9, 7, 7, 9, 11],
  [6, 0, 7, 5, 11, 9, 9],
  [4, 6, 0, 7, 7, 8, 12],
  [6, 8, 6, 0, 6, 7, 10],
  [6, 2, 6, 7, 0, 7, 12],
  [4, 4, 5, 6, 6, 0, 6],
  [2, 4, 1, 3, 1, 7, 0],
];
// Table 10.11 (and BradleyTerry2's BTm on its `baseball` data): log-strengths with Baltimore at 0.
const PUBLISHED = [1.5814, 1.4364, 1.2945, 1.2476, 1.1077, 0.6839, 0];

const matrix = (rows: number[][]) => Float64Array.from(rows.flat());

/**
 * An independent fit: Newton–Raphson on the (penalised) log-likelihood, solved by elimination.
 * Without the prior only differences are identified: the last model is held at 0.
 */
function newtonFit(m: number, wins: Float64Array, prior: number): Float64Array {
  const theta = new Float64Array(m);
  const free = prior > 0 ? m : m - 1;
  const sigma = (x: number) => 1 / (1 + Math.exp(-x));
  for (let step = 0; step < 100; step += 1) {
    const g = new Float64Array(m);
    const h = Array.from({ length: m }, () => new Float64Array(m));
    for (let i = 0; i < m; i += 1) {
      const s0 = sigma(theta[i]!);
      g[i] = prior / 2 - prior * s0;
      h[i]![i] = -prior * s0 * (1 - s0);
      for (let j = 0; j < m; j += 1) {
        if (i === j) continue;
        const n = wins[i * m + j]! + wins[j * m + i]!;
        const s = sigma(theta[i]! - theta[j]!);
        g[i] = g[i]! + wins[i * m + j]! - n * s;
        h[i]![i] = h[i]![i]! - n * s * (1 - s);
        h[i]![j] = n * s * (1 - s);
      }
    }
    // Solve h · delta = -g (Gaussian elimination with partial pivoting).
    const a = h.slice(0, free).map((row, i) => [...row.slice(0, free), -g[i]!]);
    for (let c = 0; c < free; c += 1) {
      let pivot = c;
      for (let r = c + 1; r < free; r += 1) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
      [a[c], a[pivot]] = [a[pivot]!, a[c]!];
      for (let r = c + 1; r < free; r += 1) {
        const f = a[r]![c]! / a[c]![c]!;
        for (let k = c; k <= free; k += 1) a[r]![k]! -= f * a[c]![k]!;
      }
    }
    const delta = new Float64Array(m);
    for (let r = free - 1; r >= 0; r -= 1) {
      let sum = a[r]![free]!;
      for (let k = r + 1; k < free; k += 1) sum -= a[r]![k]! * delta[k]!;
      delta[r] = sum / a[r]![r]!;
    }
    for (let i = 0; i < m; i += 1) theta[i] = theta[i]! + delta[i]!;
    if (Math.max(...delta.map(Math.abs)) < 1e-13) break;
  }
  return theta;
}

describe("fitBradleyTerry", () => {
  it("reproduces Agresti's baseball estimates (Table 10.11, Baltimore = 0)", () => {
    const fit = fitBradleyTerry(7, matrix(BASEBALL), { prior: 0 });
    expect(fit.converged).toBe(true);
    const relative = Array.from(fit.theta, (t) => t - fit.theta[6]!);
    relative.forEach((t, i) => expect(t, TEAMS[i]).toBeCloseTo(PUBLISHED[i]!, 4));
  });

  it("agrees with Newton's method on the same data, with and without the prior", () => {
    for (const prior of [0, 1, 5]) {
      const fit = fitBradleyTerry(7, matrix(BASEBALL), { prior });
      // Converged, and quickly: the common-factor step keeps MM off its slow direction.
      expect(fit).toMatchObject({ converged: true });
      expect(fit.iterations).toBeLessThan(100);
      const mm = fit.theta;
      const newton = newtonFit(7, matrix(BASEBALL), prior);
      // Without the prior only differences are identified: compare centred values.
      const centre = (t: Float64Array) => Array.from(t, (x) => (prior === 0 ? x - t[6]! : x));
      const [a, b] = [centre(mm), centre(newton)];
      a.forEach((x, i) => expect(x).toBeCloseTo(b[i]!, 6));
    }
  });

  it("for two models gives the closed form: rating difference = 400·log10(w / l), a tie half to each", () => {
    // 30 wins, 10 losses, 4 ties: 32 against 12.
    const wins = matrix([
      [0, 32],
      [12, 0],
    ]);
    const ratings = eloRatings(fitBradleyTerry(2, wins, { prior: 0 }).theta);
    expect(ratings[0]! - ratings[1]!).toBeCloseTo(400 * Math.log10(32 / 12), 6);
    expect((ratings[0]! + ratings[1]!) / 2).toBeCloseTo(1000, 9);
    expect(expectedScore(ratings[0]!, ratings[1]!)).toBeCloseTo(32 / 44, 9);
  });

  it("keeps a model that won everything finite with the prior, and refuses it without", () => {
    const wins = matrix([
      [0, 5],
      [0, 0],
    ]);
    expect(() => fitBradleyTerry(2, wins, { prior: 0 })).toThrow("model 0 has no loss");
    const fit = fitBradleyTerry(2, wins).theta;
    expect(fit.every(Number.isFinite)).toBe(true);
    // The maximum a posteriori fit: one virtual comparison each, half won, against a
    // reference of strength 1, which Newton's method on the penalised likelihood agrees with.
    const newton = newtonFit(2, wins, 1);
    fit.forEach((t, i) => expect(t).toBeCloseTo(newton[i]!, 8));
    expect(fit[0]).toBeGreaterThan(0);
    expect(fit[1]).toBeLessThan(0);
  });
});

describe("rankingPairOutcomes", () => {
  const models: Record<string, string | null> = { c1: "A", c2: "B", c3: "C", c4: "A", r1: null };
  const modelOf = (id: string) => models[id] ?? null;

  it("counts a ranking as its pairs, a tie as a tie, and skips pairs of the same model", () => {
    // c1 (A) > c2 (B) = c3 (C) > c4 (A)
    const pairs = sumPairs(rankingPairOutcomes([["c1"], ["c2", "c3"], ["c4"]], modelOf));
    expect(pairs).toEqual([
      { a: "A", b: "B", winsA: 1, winsB: 1, ties: 0 },
      { a: "A", b: "C", winsA: 1, winsB: 1, ties: 0 },
      { a: "B", b: "C", winsA: 0, winsB: 0, ties: 1 },
    ]);
  });

  it("leaves out a completion that is not a model's output (a labeler's rewrite)", () => {
    expect(rankingPairOutcomes([["r1"], ["c2"], ["c3"]], modelOf)).toEqual([
      { a: "B", b: "C", winsA: 1, winsB: 0, ties: 0 },
    ]);
    expect(rankingPairOutcomes([["c1", "c4"]], modelOf)).toEqual([]);
  });

  it("puts each pair in one order whichever side won", () => {
    expect(rankingPairOutcomes([["c3"], ["c2"]], modelOf)).toEqual([{ a: "B", b: "C", winsA: 0, winsB: 1, ties: 0 }]);
  });
});

/** Clusters of one comparison each: `a` beats `b` `wins` times, loses `losses`, ties `ties`. */
function singles(a: string, b: string, wins: number, losses: number, ties = 0): PairCounts[][] {
  return [
    ...Array.from({ length: wins }, () => [{ a, b, winsA: 1, winsB: 0, ties: 0 }]),
    ...Array.from({ length: losses }, () => [{ a, b, winsA: 0, winsB: 1, ties: 0 }]),
    ...Array.from({ length: ties }, () => [{ a, b, winsA: 0, winsB: 0, ties: 1 }]),
  ];
}

describe("bootstrapRatingIntervals", () => {
  const clusters = [
    ...singles("good", "bad", 30, 10, 4),
    ...singles("good", "mid", 12, 8),
    ...singles("mid", "bad", 9, 6),
  ];
  const models = ["bad", "good", "mid"];

  it("is reproducible with a seed and moves with another", () => {
    const one = bootstrapRatingIntervals(models, clusters, { seed: 7, resamples: 300 });
    expect(bootstrapRatingIntervals(models, clusters, { seed: 7, resamples: 300 })).toEqual(one);
    expect(bootstrapRatingIntervals(models, clusters, { seed: 8, resamples: 300 })).not.toEqual(one);
  });

  it("is wider when the same comparisons come in correlated clusters (one item, many labelers)", () => {
    // 40 comparisons as 40 independent items, or as 4 items of 10 identical judgements.
    const independent = singles("a", "b", 28, 12);
    const clustered = [
      [{ a: "a", b: "b", winsA: 10, winsB: 0, ties: 0 }],
      [{ a: "a", b: "b", winsA: 10, winsB: 0, ties: 0 }],
      [{ a: "a", b: "b", winsA: 8, winsB: 2, ties: 0 }],
      [{ a: "a", b: "b", winsA: 0, winsB: 10, ties: 0 }],
    ];
    const width = (c: PairCounts[][]) => {
      const [lo, hi] = bootstrapRatingIntervals(["a", "b"], c, { resamples: 500 })[0]!;
      return hi - lo;
    };
    expect(width(clustered)).toBeGreaterThan(2 * width(independent));
  });

  it("interpolates quantiles like R's type 7", () => {
    expect(quantile(Float64Array.from([1, 2, 3, 4]), 0.5)).toBe(2.5);
    expect(quantile(Float64Array.from([1, 2, 3, 4, 5]), 0.025)).toBeCloseTo(1.1, 12);
  });
});

describe("buildLeaderboard", () => {
  const clusters = [
    ...singles("good", "bad", 30, 10, 4),
    ...singles("good", "mid", 12, 8),
    ...singles("mid", "bad", 9, 6),
    ...singles("solo-a", "solo-b", 0, 0),
  ];
  const lengths = [
    { model: "good", completions: 40, meanLength: 120.44 },
    { model: "bad", completions: 40, meanLength: 80 },
    { model: "mid", completions: 20, meanLength: 95 },
    { model: "never-compared", completions: 3, meanLength: 10 },
  ];
  const board = buildLeaderboard(clusters, lengths, { resamples: 200 });

  it("lists the compared models best first with their counts and lengths", () => {
    expect(board.models.map((m) => m.model)).toEqual(["good", "mid", "bad"]);
    expect(board.models[0]).toMatchObject({ wins: 42, losses: 18, ties: 4, comparisons: 64, meanLength: 120.4 });
    expect(board.models[0]!.winRate).toBeCloseTo(44 / 64, 4);
    expect(board.models[2]).toMatchObject({ wins: 16, losses: 39, ties: 4, comparisons: 59 });
    expect(board.comparisons).toBe(44 + 20 + 15);
    expect(board.modelsNamed).toBe(4);
    const mean = board.models.reduce((s, m) => s + m.rating, 0) / 3;
    expect(mean).toBeCloseTo(1000, 0);
    for (const m of board.models) {
      expect(m.ci95[0]).toBeLessThanOrEqual(m.rating);
      expect(m.ci95[1]).toBeGreaterThanOrEqual(m.rating);
    }
  });

  it("has a win-rate matrix: rows beat columns, ties half, complementary, null where not compared", () => {
    const [good, mid, bad] = [0, 1, 2];
    expect(board.winRates[good]![bad]).toBeCloseTo(32 / 44, 4);
    expect(board.winRates[bad]![good]).toBeCloseTo(12 / 44, 4);
    expect(board.winRates[mid]![good]).toBeCloseTo(8 / 20, 4);
    expect(board.winRates[good]![good]).toBeNull();
    expect(board.pairComparisons[good]![bad]).toBe(44);
    const empty = buildLeaderboard(singles("x", "y", 0, 0), [], { resamples: 10 });
    expect(empty).toMatchObject({ models: [], winRates: [], comparisons: 0 });
  });
});
