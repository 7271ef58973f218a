// What one answer says about models: a ranking (tie groups of completion ids, best first)
// counts as each of its pairs of completions, and a pair of completions by two different
// models is one comparison between those models. Pairs of two completions by the same model
// say nothing about models and are skipped; a completion without a model (a labeler's
// rewrite, position null, or an imported text without one) is left out.
// The server sums the same outcomes in SQL (lib/server/leaderboard/leaderboard-queries.ts);
// this is the reference its integration test checks against.

/** Outcomes between models a and b (a < b in code-unit order): wins of each, ties. */
export interface PairCounts {
  a: string;
  b: string;
  winsA: number;
  winsB: number;
  ties: number;
}

/** The same outcome seen from the other side: counts with a and b swapped. */
function swapped(p: PairCounts): PairCounts {
  return { a: p.b, b: p.a, winsA: p.winsB, winsB: p.winsA, ties: p.ties };
}

/** Puts a pair in canonical order (a < b), whatever order its source gave. */
export function canonicalPair(p: PairCounts): PairCounts {
  return p.a < p.b ? p : swapped(p);
}

/**
 * The model comparisons in one ranking. `modelOf` names the model that wrote a completion,
 * or null when it is not a model's output (a rewrite) or names none.
 */
export function rankingPairOutcomes(
  ranking: string[][],
  modelOf: (completionId: string) => string | null,
): PairCounts[] {
  const placed: { model: string; group: number }[] = [];
  ranking.forEach((group, index) => {
    for (const id of group) {
      const model = modelOf(id);
      if (model !== null) placed.push({ model, group: index });
    }
  });
  const out: PairCounts[] = [];
  for (let i = 0; i < placed.length; i += 1) {
    for (let j = i + 1; j < placed.length; j += 1) {
      const x = placed[i]!;
      const y = placed[j]!;
      if (x.model === y.model) continue;
      out.push(
        canonicalPair({
          a: x.model,
          b: y.model,
          winsA: x.group < y.group ? 1 : 0,
          winsB: y.group < x.group ? 1 : 0,
          ties: x.group === y.group ? 1 : 0,
        }),
      );
    }
  }
  return out;
}

/** Sums outcomes per pair of models (canonical order, sorted by a then b). */
export function sumPairs(pairs: Iterable<PairCounts>): PairCounts[] {
  const sums = new Map<string, PairCounts>();
  for (const raw of pairs) {
    const p = canonicalPair(raw);
    const key = JSON.stringify([p.a, p.b]);
    const s = sums.get(key);
    if (s) {
      s.winsA += p.winsA;
      s.winsB += p.winsB;
      s.ties += p.ties;
    } else sums.set(key, { ...p });
  }
  return [...sums.values()].sort((x, y) => (x.a === y.a ? (x.b < y.b ? -1 : 1) : x.a < y.a ? -1 : 1));
}
