// Adaptive (sequential) overlap, issue 16 point 5: an item starts at `overlapMin` labelers and
// gets one more only while its answers are still uncertain, never past `overlapMax`. Pure, so
// the queue (which decides whether to open another slot after each submit), the project page
// (labels spent, forecast) and the savings benchmark share one tested rule. docs/QUALITY.md
// explains the definitions; the numbers behind the default threshold are in docs/PERFORMANCE.md.
import { bordaRanking } from "@/lib/domain/agreement/consensus";

export interface OverlapAnswer {
  /** Tie groups of completion ids, best first; null when the answer carries no ranking. */
  ranking: string[][] | null;
  /** Likert score per completion id, when the project asks for one. */
  ratings?: Record<string, number> | null;
  /**
   * The answering labeler's estimated accuracy (labelerAccuracy of their gold answers), for the
   * weighted rule; left out: PRIOR_ACCURACY, a labeler nothing is known about.
   */
  accuracy?: number | null;
}

export interface OverlapPolicy {
  overlapMin: number;
  overlapMax: number;
  /** An item is settled once its winner share reaches this, in (0, 1]. */
  winnerShareThreshold: number;
  /** ...and the sample standard deviation of each winner's Likert scores is at most this. */
  likertSpreadLimit: number;
  /**
   * The weighted rule, when set (in (1/2, 1)): instead of the winner share, an item is settled
   * once the posterior probability that its leader beats the runner-up reaches this, each answer
   * weighted by its labeler's gold accuracy (leaderPosterior).
   */
  confidence?: number | null;
}

export const DEFAULT_WINNER_SHARE_THRESHOLD = 0.75;
export const DEFAULT_LIKERT_SPREAD_LIMIT = 1;

export type OverlapReason = "below-min" | "max-reached" | "settled" | "winner-share" | "confidence" | "likert-spread";

export interface OverlapDecision {
  verdict: "done" | "more";
  reason: OverlapReason;
  answers: number;
  /** The consensus top group (Borda, as the exports take it); several ids when it is a tie. */
  winner: string[];
  /** Null when no answer carries a ranking. */
  winnerShare: number | null;
  /** The largest sample standard deviation among the winners' Likert scores; null with fewer than 2 scores. */
  likertSpread: number | null;
  /** The weighted rule's posterior that the leader beats the runner-up; null under the winner-share rule. */
  posterior: number | null;
}

export function validatePolicy(policy: OverlapPolicy): void {
  const { overlapMin, overlapMax, winnerShareThreshold, likertSpreadLimit } = policy;
  if (!Number.isInteger(overlapMin) || overlapMin < 1) throw new Error("overlapMin must be an integer of at least 1");
  if (!Number.isInteger(overlapMax) || overlapMax < overlapMin)
    throw new Error("overlapMax must be an integer ≥ overlapMin");
  if (!(winnerShareThreshold > 0 && winnerShareThreshold <= 1))
    throw new Error("winnerShareThreshold must be in (0, 1]");
  if (!(likertSpreadLimit >= 0)) throw new Error("likertSpreadLimit must be ≥ 0");
  const { confidence } = policy;
  if (confidence !== undefined && confidence !== null && !(confidence > 0.5 && confidence < 1))
    throw new Error("confidence must be in (1/2, 1)");
}

/**
 * What a labeler with no gold answers yet is assumed to get right, and how many gold answers
 * that assumption weighs (a Beta prior): labelerAccuracy(c, n) = (c + 0.7 × 4) / (n + 4). Four
 * keeps one lucky or unlucky check from deciding a weight; 0.7 is a little below InstructGPT's
 * 72.6% inter-labeler agreement read as an accuracy, so an unknown labeler counts for less than
 * a proven one. docs/QUALITY.md ("The weighted rule").
 */
export const PRIOR_ACCURACY = 0.7;
export const PRIOR_WEIGHT = 4;
/** Gold answers (the latest) a labeler's accuracy is estimated from. */
export const ACCURACY_WINDOW = 50;

/** A labeler's accuracy estimated from their gold answers (goldScore), shrunk toward PRIOR_ACCURACY. */
export function labelerAccuracy(correct: number, answered: number): number {
  if (!(answered >= 0 && correct >= 0 && correct <= answered)) throw new Error("need 0 ≤ correct ≤ answered");
  return (correct + PRIOR_ACCURACY * PRIOR_WEIGHT) / (answered + PRIOR_WEIGHT);
}

/**
 * The weight of a vote: the log-odds of being right, log(p / (1 − p)), the weight that makes a
 * weighted majority the most likely answer when labelers err independently. Accuracy is clamped
 * to [1/2, 0.99]: a labeler at chance or worse counts for nothing (their votes are never turned
 * around, which an adversary could exploit), and no one decides an item alone by certainty.
 */
export function voteWeight(accuracy: number | null | undefined): number {
  const p = Math.min(0.99, Math.max(0.5, accuracy ?? PRIOR_ACCURACY));
  return Math.log(p / (1 - p));
}

/**
 * The weighted rule's view of an item: the leader and runner-up of a Borda count in which each
 * answer's points are multiplied by its voteWeight, and the posterior that the leader is truly
 * better, σ(Σ ± weight) over the answers that order the two (an answer tying them, or leaving
 * either out, carries no evidence), from even prior odds.
 */
export function leaderPosterior(completionIds: string[], answers: OverlapAnswer[]) {
  const ids = [...completionIds].sort();
  const score = new Map(ids.map((id) => [id, 0]));
  for (const a of answers) {
    if (!a.ranking?.length) continue;
    const w = voteWeight(a.accuracy);
    let below = ids.length;
    for (const group of a.ranking) {
      below -= group.length;
      // Borda: one point per completion ranked below, half a point per completion tied with it.
      for (const id of group) if (score.has(id)) score.set(id, score.get(id)! + w * (below + (group.length - 1) / 2));
    }
  }
  const order = [...ids].sort((x, y) => score.get(y)! - score.get(x)! || (x < y ? -1 : 1));
  const leader = order[0];
  const runnerUp = order[1];
  let logOdds = 0;
  if (leader !== undefined && runnerUp !== undefined) {
    for (const a of answers) {
      if (!a.ranking?.length) continue;
      const d = rankIndex(a.ranking, leader) - rankIndex(a.ranking, runnerUp);
      if (
        d !== 0 &&
        rankIndex(a.ranking, leader) < a.ranking.length &&
        rankIndex(a.ranking, runnerUp) < a.ranking.length
      )
        logOdds += d < 0 ? voteWeight(a.accuracy) : -voteWeight(a.accuracy);
    }
  }
  // Tied scores: no leader to speak of.
  const tied = leader !== undefined && runnerUp !== undefined && score.get(leader) === score.get(runnerUp);
  return {
    leader: leader === undefined ? [] : tied ? [leader, runnerUp!] : [leader],
    runnerUp: runnerUp ?? null,
    posterior: 1 / (1 + Math.exp(-Math.abs(logOdds))),
  };
}

/** |a ∩ b| / |a ∪ b|: 1 for the same group, 1/2 for "a" against "a = b", 0 for disjoint groups. */
function overlapOfGroups(a: string[], b: string[]): number {
  const set = new Set(a);
  let both = 0;
  for (const id of b) if (set.has(id)) both += 1;
  const union = set.size + b.length - both;
  return union === 0 ? 0 : both / union;
}

/** Sample standard deviation (n − 1); null below two scores. */
function sampleSd(scores: number[]): number | null {
  if (scores.length < 2) return null;
  const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
  return Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / (scores.length - 1));
}

/**
 * Winner share: the mean, over the answers that carry a ranking, of how well each answer's top
 * group matches the consensus top group (|T ∩ C| / |T ∪ C|). A strict answer for the winner
 * counts 1, an answer tying the winner with one other completion at the top counts 1/2, an answer
 * with another completion on top counts 0. When the consensus itself is a tie, answers giving
 * that same tie count 1, so unanimous ties settle too.
 */
export function winnerOf(completionIds: string[], answers: OverlapAnswer[]) {
  const ids = [...completionIds].sort();
  const rankings = answers.map((a) => a.ranking).filter((r): r is string[][] => Boolean(r && r.length));
  const { ranking } = bordaRanking(ids, rankings);
  const winner = ranking[0] ?? [];
  const winnerShare = rankings.length
    ? rankings.reduce((s, r) => s + overlapOfGroups(r[0]!, winner), 0) / rankings.length
    : null;
  return { winner, winnerShare, consensus: ranking };
}

/** The stopping rule: after each answer, `more` opens one more slot for the item, `done` closes it. */
export function decideOverlap(
  completionIds: string[],
  answers: OverlapAnswer[],
  policy: OverlapPolicy,
): OverlapDecision {
  validatePolicy(policy);
  const weighted = policy.confidence !== undefined && policy.confidence !== null;
  const shared = winnerOf(completionIds, answers);
  const { winnerShare } = shared;
  const view = weighted ? leaderPosterior(completionIds, answers) : null;
  const winner = view ? view.leader : shared.winner;
  // Without rankings (a rating-only answer set) every rated completion is judged by its spread.
  const judged = winnerShare === null ? [...completionIds] : winner;
  let likertSpread: number | null = null;
  for (const id of judged) {
    const sd = sampleSd(answers.map((a) => a.ratings?.[id]).filter((v): v is number => typeof v === "number"));
    if (sd !== null) likertSpread = Math.max(likertSpread ?? 0, sd);
  }
  const n = answers.length;
  const posterior = view && answers.some((a) => a.ranking?.length) ? view.posterior : null;
  const base = { answers: n, winner, winnerShare, likertSpread, posterior };
  if (n < policy.overlapMin) return { ...base, verdict: "more", reason: "below-min" };
  if (n >= policy.overlapMax) return { ...base, verdict: "done", reason: "max-reached" };
  // A small epsilon: 3/4 computed as a sum of quarters must meet a 0.75 threshold.
  if (weighted) {
    if (posterior !== null && posterior < policy.confidence! - 1e-9)
      return { ...base, verdict: "more", reason: "confidence" };
  } else if (winnerShare !== null && winnerShare < policy.winnerShareThreshold - 1e-9)
    return { ...base, verdict: "more", reason: "winner-share" };
  if (likertSpread !== null && likertSpread > policy.likertSpreadLimit + 1e-9)
    return { ...base, verdict: "more", reason: "likert-spread" };
  return { ...base, verdict: "done", reason: "settled" };
}

/**
 * Labeler accuracy p from the pairwise agreement rate a of two labelers on a two-way choice,
 * when both are right with probability p independently: a = p² + (1 − p)², so
 * p = (1 + √(2a − 1)) / 2. Agreement at or below chance (a ≤ 1/2) gives 1/2.
 */
export function accuracyFromAgreement(agreement: number): number {
  return (1 + Math.sqrt(Math.max(0, Math.min(1, 2 * agreement - 1)))) / 2;
}

export interface ItemForecast {
  /** Expected labels still to come before the rule says done (0 for a done item). */
  expectedAdditional: number;
  /** Probability that the next answer closes the item (0 for a done item). */
  doneAfterNext: number;
}

/**
 * Expected additional labels for one item. Model (docs/QUALITY.md): the contest is between the
 * current leader W and the runner-up R; the truth is W or R with the posterior of a uniform prior
 * and each past answer that orders them being right with probability `accuracy` (ties carry no
 * evidence); every future answer is a strict ranking putting the true one of W and R first with
 * probability `accuracy`, independently, and carries no Likert scores (so an item held by its
 * spread is forecast to run to the maximum: an upper bound for those items). Exact under that
 * model: the rule itself is run on every future sequence, memoised by how many favour W.
 */
export function forecastItem(
  completionIds: string[],
  answers: OverlapAnswer[],
  policy: OverlapPolicy,
  accuracy: number,
): ItemForecast {
  if (!(accuracy >= 0 && accuracy <= 1)) throw new Error("accuracy must be in [0, 1]");
  if (decideOverlap(completionIds, answers, policy).verdict === "done")
    return { expectedAdditional: 0, doneAfterNext: 0 };
  const ids = [...completionIds].sort();
  const { consensus } = winnerOf(ids, answers);
  const order = consensus.flat();
  const leader = order[0] ?? ids[0];
  const runnerUp = order[1] ?? ids.find((id) => id !== leader);
  const rest = ids.filter((id) => id !== leader && id !== runnerUp);
  const vote = (first: string | undefined, second: string | undefined): OverlapAnswer =>
    first && second ? { ranking: [[first], [second], ...(rest.length ? [rest] : [])] } : { ranking: null };
  const forLeader = vote(leader, runnerUp);
  const forRunnerUp = vote(runnerUp, leader);

  // Posterior that the leader is truly better, from the past answers that order the two.
  let logOdds = 0;
  if (leader && runnerUp && accuracy > 0 && accuracy < 1) {
    const step = Math.log(accuracy / (1 - accuracy));
    for (const a of answers) {
      const top = a.ranking ? rankIndex(a.ranking, leader) - rankIndex(a.ranking, runnerUp) : 0;
      if (top < 0) logOdds += step;
      else if (top > 0) logOdds -= step;
    }
  }
  const leaderTrue = 1 / (1 + Math.exp(-logOdds));

  const memo = new Map<string, boolean>();
  const doneAt = (added: number, forW: number) => {
    const key = `${added}:${forW}`;
    let done = memo.get(key);
    if (done === undefined) {
      const future = [...answers];
      for (let i = 0; i < added; i += 1) future.push(i < forW ? forLeader : forRunnerUp);
      done = decideOverlap(ids, future, policy).verdict === "done";
      memo.set(key, done);
    }
    return done;
  };
  // q: probability that a future answer favours the leader, given which one is truly better.
  const expected = (q: number) => {
    const cache = new Map<string, number>();
    const go = (added: number, forW: number): number => {
      if (doneAt(added, forW)) return 0;
      const key = `${added}:${forW}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const value = 1 + q * go(added + 1, forW + 1) + (1 - q) * go(added + 1, forW);
      cache.set(key, value);
      return value;
    };
    return go(0, 0);
  };
  const nextDone = (q: number) => q * Number(doneAt(1, 1)) + (1 - q) * Number(doneAt(1, 0));
  return {
    expectedAdditional: leaderTrue * expected(accuracy) + (1 - leaderTrue) * expected(1 - accuracy),
    doneAfterNext: leaderTrue * nextDone(accuracy) + (1 - leaderTrue) * nextDone(1 - accuracy),
  };
}

function rankIndex(ranking: string[][], id: string): number {
  const index = ranking.findIndex((group) => group.includes(id));
  return index < 0 ? ranking.length : index;
}

export interface ForecastItemInput {
  completionIds: string[];
  answers: OverlapAnswer[];
}

/** The forecast of a project: the sum over its items (done items add nothing). */
export function forecastLabels(items: ForecastItemInput[], policy: OverlapPolicy, accuracy: number) {
  let expectedAdditional = 0;
  let openItems = 0;
  for (const item of items) {
    const f = forecastItem(item.completionIds, item.answers, policy, accuracy);
    if (f.expectedAdditional > 0) openItems += 1;
    expectedAdditional += f.expectedAdditional;
  }
  return { items: items.length, openItems, expectedAdditional };
}

/**
 * Labels spent against a fixed overlap on the same items: `fixedLabels` is what overlap
 * `fixedOverlap` costs for `items` items; the projection adds the forecast to what is spent,
 * so that a project half way through compares like with like.
 */
export function overlapSavings(input: {
  items: number;
  labelsSpent: number;
  fixedOverlap: number;
  expectedAdditional?: number;
}) {
  const fixedLabels = input.items * input.fixedOverlap;
  const projected = input.labelsSpent + (input.expectedAdditional ?? 0);
  return {
    labelsSpent: input.labelsSpent,
    fixedLabels,
    projectedLabels: projected,
    /** Projected labels as a share of the fixed overlap's (null without items). */
    ratio: fixedLabels > 0 ? projected / fixedLabels : null,
    /** 1 − ratio: the share of labels saved (negative when adaptive costs more). */
    saving: fixedLabels > 0 ? 1 - projected / fixedLabels : null,
  };
}
