// Reference implementation, used by no report yet: tested against SciPy's documented tau-b example
// and a hand-checked W in tests/unit/agreement-metrics.test.ts, ready for a report
// to adopt (docs/ROADMAP.md). Until one does, it is not a feature and the docs do not list it.
//
// Kendall's tau-b between two rankings with ties (Kendall 1945), and Kendall's W, the
// coefficient of concordance of m rankings of the same n objects (Kendall and Babington
// Smith 1939), without tie correction.

export function kendallTauB(x: number[], y: number[]): number | null {
  if (x.length !== y.length) throw new Error("both rankings must cover the same objects");
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < x.length; i += 1) {
    for (let j = i + 1; j < x.length; j += 1) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiedX += 1;
      else if (dy === 0) tiedY += 1;
      else if (dx === dy) concordant += 1;
      else discordant += 1;
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiedX) * (concordant + discordant + tiedY));
  return denominator === 0 ? null : (concordant - discordant) / denominator;
}

/** rankings[judge][object]: the rank (1 = best) each judge gives each object. */
export function kendallW(rankings: number[][]): number | null {
  const m = rankings.length;
  const n = rankings[0]?.length ?? 0;
  if (m < 2 || n < 2) return null;
  if (rankings.some((r) => r.length !== n)) throw new Error("every judge must rank every object");
  const sums = Array.from({ length: n }, (_, j) => rankings.reduce((s, r) => s + r[j]!, 0));
  const mean = sums.reduce((s, v) => s + v, 0) / n;
  const spread = sums.reduce((s, v) => s + (v - mean) ** 2, 0);
  return (12 * spread) / (m * m * (n ** 3 - n));
}
