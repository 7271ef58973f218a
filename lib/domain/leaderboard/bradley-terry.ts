// The Bradley–Terry model: P(i beats j) = γi / (γi + γj), fitted by maximum likelihood with
// the MM algorithm of Hunter (2004, "MM algorithms for generalized Bradley–Terry models",
// Annals of Statistics 32(1), eq. 3): γi ← Wi / Σj Nij / (γi + γj), where Wi counts i's wins
// and Nij the comparisons of i and j. A tie counts as half a win to each side.
//
// A model that won (or lost) every comparison has no finite maximum-likelihood strength, and
// with a handful of answers that is common. So by default every model also plays `prior`
// virtual comparisons against a virtual reference of strength 1 (log-strength 0), winning
// half of them: a weak prior (a maximum a posteriori fit) that keeps every strength finite,
// ties disconnected groups of models together, and moves a well-measured model very little
// (one virtual comparison against hundreds of real ones). prior = 0 is the plain maximum
// likelihood fit (then every model needs a win and a loss; used to check published examples).

export const DEFAULT_PRIOR = 1;

export interface FitOptions {
  /** Virtual comparisons (half won) of each model against a reference of strength 1. */
  prior?: number;
  /** Stop when no log-strength moves more than this in a sweep. */
  tolerance?: number;
  maxIterations?: number;
  /** Log-strengths to start from (a bootstrap replicate starts from the full fit). */
  start?: Float64Array;
}

export interface Fit {
  /** Natural-log strengths θi = ln γi (with prior 0: centred on mean 0). */
  theta: Float64Array;
  iterations: number;
  converged: boolean;
}

/**
 * Fits strengths to a win matrix: wins[i * m + j] = how often i beat j (ties already split,
 * half to each). Cyclic MM updates, each of which raises the (penalised) likelihood.
 */
export function fitBradleyTerry(m: number, wins: Float64Array, options: FitOptions = {}): Fit {
  const prior = options.prior ?? DEFAULT_PRIOR;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 10_000;
  const totalWins = new Float64Array(m);
  for (let i = 0; i < m; i += 1) {
    let won = 0;
    let lost = 0;
    for (let j = 0; j < m; j += 1) {
      won += wins[i * m + j]!;
      lost += wins[j * m + i]!;
    }
    if (prior === 0 && (won === 0 || lost === 0)) {
      throw new Error(`model ${i} has no ${won === 0 ? "win" : "loss"}: a maximum likelihood fit needs a prior`);
    }
    totalWins[i] = won + prior / 2;
  }
  const gamma = new Float64Array(m);
  for (let i = 0; i < m; i += 1) gamma[i] = Math.exp(options.start?.[i] ?? 0);
  let iterations = 0;
  let converged = false;
  const before = new Float64Array(m);
  while (iterations < maxIterations && !converged) {
    iterations += 1;
    for (let i = 0; i < m; i += 1) before[i] = Math.log(gamma[i]!);
    for (let i = 0; i < m; i += 1) {
      let denominator = prior > 0 ? prior / (gamma[i]! + 1) : 0;
      for (let j = 0; j < m; j += 1) {
        if (j === i) continue;
        const n = wins[i * m + j]! + wins[j * m + i]!;
        if (n > 0) denominator += n / (gamma[i]! + gamma[j]!);
      }
      gamma[i] = totalWins[i]! / denominator;
    }
    // The real comparisons do not see a common factor of all strengths; only the prior does,
    // so MM alone crawls along that direction (its step there shrinks with prior / comparisons).
    // Each sweep therefore also takes the best common factor exactly: with prior 0, any (the
    // geometric mean is pinned at 1); with a prior, the one where the models win half their
    // virtual comparisons, Σ σ(θi + s) = m / 2 (1-D Newton; the objective rises at every step).
    const shift = prior > 0 ? priorBalancingShift(gamma) : -meanLog(gamma);
    let moved = 0;
    for (let i = 0; i < m; i += 1) {
      gamma[i] = gamma[i]! * Math.exp(shift);
      moved = Math.max(moved, Math.abs(Math.log(gamma[i]!) - before[i]!));
    }
    converged = moved < tolerance;
  }
  return { theta: Float64Array.from(gamma, Math.log), iterations, converged };
}

function meanLog(gamma: Float64Array): number {
  let sum = 0;
  for (const g of gamma) sum += Math.log(g);
  return sum / gamma.length;
}

/** The s with Σ σ(ln γi + s) = m / 2, where σ is the logistic function. */
function priorBalancingShift(gamma: Float64Array): number {
  let s = 0;
  for (let step = 0; step < 50; step += 1) {
    let f = -gamma.length / 2;
    let slope = 0;
    for (const g of gamma) {
      const p = 1 / (1 + Math.exp(-(Math.log(g) + s)));
      f += p;
      slope += p * (1 - p);
    }
    // Clamped: far from the root the slope is tiny and a full step would overshoot.
    const delta = Math.max(-4, Math.min(4, f / slope));
    s -= delta;
    if (Math.abs(delta) < 1e-14) break;
  }
  return s;
}

/** Elo-like points per unit of natural-log strength: 400 points = 10:1 odds. */
export const ELO_SCALE = 400 / Math.LN10;
/** The mean rating of the models fitted together (Chatbot Arena starts models at 1000 on this scale). */
export const ELO_ANCHOR = 1000;

/**
 * Ratings on the Elo scale: Ri = 1000 + 400·log10(γi) − mean, so that the models' mean is 1000
 * and P(i beats j) = 1 / (1 + 10^((Rj − Ri) / 400)).
 */
export function eloRatings(theta: Float64Array): Float64Array {
  let mean = 0;
  for (const t of theta) mean += t / theta.length;
  return Float64Array.from(theta, (t) => ELO_ANCHOR + ELO_SCALE * (t - mean));
}

/** The win probability the ratings predict for a model rated `ri` against one rated `rj`. */
export function expectedScore(ri: number, rj: number): number {
  return 1 / (1 + 10 ** ((rj - ri) / 400));
}
