// Reference implementation, used by no report yet: tested against the textbook yes/no example and
// hand-checked weighted cases in tests/unit/agreement-metrics.test.ts, ready for a report
// to adopt (docs/ROADMAP.md). Until one does, it is not a feature and the docs do not list it.
//
// Cohen's kappa for two raters, unweighted (Cohen 1960) or weighted (Cohen 1968) with
// linear or quadratic disagreement weights over ordered categories.

export type KappaWeights = "none" | "linear" | "quadratic";

/** a[i], b[i]: the two raters' categories for item i; `categories` fixes their order. */
export function cohenKappa<T>(
  a: T[],
  b: T[],
  options: { weights?: KappaWeights; categories?: T[] } = {},
): number | null {
  if (a.length !== b.length) throw new Error("both raters must rate the same items");
  if (a.length === 0) return null;
  const categories = options.categories ?? [...new Set([...a, ...b])];
  const index = new Map(categories.map((c, i) => [c, i]));
  const k = categories.length;
  if (k < 2) return null;
  const weights = options.weights ?? "none";
  const disagreement = (i: number, j: number) =>
    weights === "none"
      ? i === j
        ? 0
        : 1
      : weights === "linear"
        ? Math.abs(i - j) / (k - 1)
        : ((i - j) / (k - 1)) ** 2;
  const observed = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let n = 0; n < a.length; n += 1) {
    const i = index.get(a[n]!);
    const j = index.get(b[n]!);
    if (i === undefined || j === undefined)
      throw new Error(`unknown category ${String(i === undefined ? a[n] : b[n])}`);
    observed[i]![j]! += 1 / a.length;
  }
  const rowTotals = observed.map((row) => row.reduce((s, v) => s + v, 0));
  const columnTotals = categories.map((_, j) => observed.reduce((s, row) => s + row[j]!, 0));
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < k; i += 1) {
    for (let j = 0; j < k; j += 1) {
      observedDisagreement += disagreement(i, j) * observed[i]![j]!;
      expectedDisagreement += disagreement(i, j) * rowTotals[i]! * columnTotals[j]!;
    }
  }
  return expectedDisagreement === 0 ? null : 1 - observedDisagreement / expectedDisagreement;
}
