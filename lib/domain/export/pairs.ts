// A ranking (tie groups, best first) as preference pairs: every two completions in different
// groups give one pair; tied completions give none. The margin says how strong the
// preference is: for a comparison, the stated strength (1 slightly, 2 clearly, 3 much
// better); for a ranking, the distance between the two groups (1 for neighbours).

export interface PreferencePair {
  chosen: string;
  rejected: string;
  margin: number;
}

export function rankingToPairs(ranking: string[][], strength?: number | null): PreferencePair[] {
  const pairs: PreferencePair[] = [];
  for (let better = 0; better < ranking.length; better += 1) {
    for (let worse = better + 1; worse < ranking.length; worse += 1) {
      for (const chosen of ranking[better]!) {
        for (const rejected of ranking[worse]!) {
          pairs.push({ chosen, rejected, margin: strength ?? worse - better });
        }
      }
    }
  }
  return pairs;
}
