// InstructGPT-style agreement on one item: for every pair of completions and every pair of
// labelers, do they agree which completion is better (or that they are tied)?
// (Ouyang et al. 2022 report inter-annotator agreement as this share of agreeing pairs.)

/** +1: a is better, -1: b is better, 0: tied, null: not both ranked. */
export function preference(ranking: string[][], a: string, b: string): 1 | -1 | 0 | null {
  const rankOf = (id: string) => ranking.findIndex((group) => group.includes(id));
  const ra = rankOf(a);
  const rb = rankOf(b);
  if (ra < 0 || rb < 0) return null;
  return ra === rb ? 0 : ra < rb ? 1 : -1;
}

export interface PairwiseAgreement {
  /** Share of (labeler pair, completion pair) comparisons that agree; null below two rankings. */
  agreement: number | null;
  comparisons: number;
  agreeing: number;
  /** Comparisons where at least one of the two labelers called a tie. */
  withTies: number;
}

export function itemPairwiseAgreement(rankings: string[][][]): PairwiseAgreement {
  const ids = [...new Set(rankings.flatMap((r) => r.flat()))].sort();
  // Each ranking as the group index of every completion (-1: not ranked).
  const ranks = rankings.map((ranking) => {
    const rank = new Int32Array(ids.length).fill(-1);
    ranking.forEach((group, g) => {
      for (const id of group) rank[ids.indexOf(id)] = g;
    });
    return rank;
  });
  let comparisons = 0;
  let agreeing = 0;
  let withTies = 0;
  const prefs: number[] = [];
  for (let x = 0; x < ids.length; x += 1) {
    for (let y = x + 1; y < ids.length; y += 1) {
      prefs.length = 0;
      for (const rank of ranks) {
        const rx = rank[x]!;
        const ry = rank[y]!;
        if (rx >= 0 && ry >= 0) prefs.push(rx === ry ? 0 : rx < ry ? 1 : -1);
      }
      for (let i = 0; i < prefs.length; i += 1) {
        for (let j = i + 1; j < prefs.length; j += 1) {
          comparisons += 1;
          if (prefs[i] === prefs[j]) agreeing += 1;
          if (prefs[i] === 0 || prefs[j] === 0) withTies += 1;
        }
      }
    }
  }
  return { agreement: comparisons ? agreeing / comparisons : null, comparisons, agreeing, withTies };
}
