// Reference implementation, used by no report yet: tested against the textbook example (10 subjects,
// 14 raters, 5 categories) in tests/unit/agreement-metrics.test.ts, ready for a report
// to adopt (docs/ROADMAP.md). Until one does, it is not a feature and the docs do not list it.
//
// Fleiss' kappa (Fleiss 1971) for a fixed number of raters per subject.

/** counts[i][j]: how many raters put subject i in category j; every row must sum to the same n. */
export function fleissKappa(counts: number[][]): number | null {
  const subjects = counts.length;
  if (subjects === 0) return null;
  const raters = counts[0]!.reduce((s, v) => s + v, 0);
  if (raters < 2) return null;
  if (counts.some((row) => row.reduce((s, v) => s + v, 0) !== raters)) {
    throw new Error("every subject needs the same number of ratings");
  }
  const categories = counts[0]!.length;
  const p = Array.from(
    { length: categories },
    (_, j) => counts.reduce((s, row) => s + row[j]!, 0) / (subjects * raters),
  );
  const agreementOf = (row: number[]) => (row.reduce((s, v) => s + v * v, 0) - raters) / (raters * (raters - 1));
  const observed = counts.reduce((s, row) => s + agreementOf(row), 0) / subjects;
  const expected = p.reduce((s, v) => s + v * v, 0);
  return expected === 1 ? null : (observed - expected) / (1 - expected);
}
