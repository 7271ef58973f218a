// Consensus of several labelers on one item: a Borda count that respects ties (each
// completion scores one point per completion ranked below it and half a point per
// completion tied with it), the votes behind every pair, Likert means and spreads, and
// flag rates. For two completions the Borda order is the majority verdict.
import { preference } from "@/lib/domain/agreement/pairwise-item";

export interface ItemConsensus {
  /** Tie groups, best first, from the summed Borda scores (equal scores tie). */
  ranking: string[][];
  borda: Record<string, number>;
  /** For each pair "a|b" (a before b in id order): votes for a, for b, and ties. */
  pairVotes: Record<string, { first: number; second: number; tie: number }>;
  /** Share of answers whose first group is exactly the consensus winner; null without a single winner. */
  winnerShare: number | null;
  likert: Record<string, { mean: number; sd: number; n: number }>;
  flagRates: Record<string, Record<string, number>>;
}

export interface ConsensusInput {
  ranking: string[][] | null;
  ratings?: Record<string, number> | null;
  flags?: Record<string, string[]> | null;
}

/**
 * The Borda consensus of some rankings over completions `ids` (sorted): each completion
 * scores one point per completion ranked below it and half a point per one tied with it.
 */
export function bordaRanking(
  ids: string[],
  rankings: string[][][],
): { ranking: string[][]; borda: Record<string, number> } {
  // Arrays, not objects: this runs once per answer in the agreement report.
  const index = new Map<string, number>();
  for (let i = 0; i < ids.length; i += 1) index.set(ids[i]!, i);
  const scores = new Float64Array(ids.length);
  for (const ranking of rankings) {
    let below = 0;
    for (const group of ranking) below += group.length;
    for (const group of ranking) {
      below -= group.length;
      const points = below + 0.5 * (group.length - 1);
      for (const id of group) {
        const i = index.get(id);
        if (i !== undefined) scores[i] = scores[i]! + points;
      }
    }
  }
  const borda: Record<string, number> = {};
  for (let i = 0; i < ids.length; i += 1) borda[ids[i]!] = scores[i]!;
  if (rankings.length === 0) return { ranking: [], borda };
  const order = ids.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const ranking: string[][] = [];
  let last = Number.NaN;
  for (const i of order) {
    if (scores[i] === last) ranking[ranking.length - 1]!.push(ids[i]!);
    else ranking.push([ids[i]!]);
    last = scores[i]!;
  }
  return { ranking, borda };
}

export function itemConsensus(completionIds: string[], answers: ConsensusInput[]): ItemConsensus {
  const ids = [...completionIds].sort();
  const rankings = answers.map((a) => a.ranking).filter((r): r is string[][] => Boolean(r));
  const { ranking: consensus, borda } = bordaRanking(ids, rankings);

  const pairVotes: ItemConsensus["pairVotes"] = {};
  for (let x = 0; x < ids.length; x += 1) {
    for (let y = x + 1; y < ids.length; y += 1) {
      const votes = { first: 0, second: 0, tie: 0 };
      for (const ranking of rankings) {
        const p = preference(ranking, ids[x]!, ids[y]!);
        if (p === 1) votes.first += 1;
        else if (p === -1) votes.second += 1;
        else if (p === 0) votes.tie += 1;
      }
      pairVotes[`${ids[x]}|${ids[y]}`] = votes;
    }
  }

  const winner = consensus[0]?.length === 1 ? consensus[0][0]! : null;
  const winnerShare =
    winner && rankings.length
      ? rankings.filter((r) => r[0]!.length === 1 && r[0]![0] === winner).length / rankings.length
      : null;

  const likert: ItemConsensus["likert"] = {};
  for (const id of ids) {
    const scores = answers.map((a) => a.ratings?.[id]).filter((v): v is number => typeof v === "number");
    if (!scores.length) continue;
    const mean = scores.reduce((s, v) => s + v, 0) / scores.length;
    const sd = Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / scores.length);
    likert[id] = { mean, sd, n: scores.length };
  }

  const flagRates: ItemConsensus["flagRates"] = {};
  for (const id of ids) {
    const counts = new Map<string, number>();
    for (const a of answers) for (const flag of a.flags?.[id] ?? []) counts.set(flag, (counts.get(flag) ?? 0) + 1);
    if (counts.size) flagRates[id] = Object.fromEntries([...counts].map(([flag, n]) => [flag, n / answers.length]));
  }
  return { ranking: consensus, borda, pairVotes, winnerShare, likert, flagRates };
}
