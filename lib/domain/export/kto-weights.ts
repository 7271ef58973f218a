// Suggested KTOTrainer class weights for a KTO file (docs/EXPORTS.md "KTO class weights").
// TRL's KTO documentation: "if you have more of one or the other, then you should upweight the
// less common type such that the ratio of (desirable_weight × number of positives) to
// (undesirable_weight × number of negatives) is in the range 1:1 to 4:3." Pure.

export interface KtoBalance {
  /** Rows labelled true and false. */
  desirable: number;
  undesirable: number;
  /** KTOConfig(desirable_weight=..., undesirable_weight=...); null when a class is empty. */
  desirableWeight: number | null;
  undesirableWeight: number | null;
  /** desirableWeight × desirable / (undesirableWeight × undesirable): in [1, 4/3]. */
  ratio: number | null;
}

/** Upweights the rarer class (two decimals, rounded so that the ratio stays in [1, 4/3]). */
export function ktoClassWeights(desirable: number, undesirable: number): KtoBalance {
  if (desirable === 0 || undesirable === 0)
    return { desirable, undesirable, desirableWeight: null, undesirableWeight: null, ratio: null };
  let desirableWeight = 1;
  let undesirableWeight = 1;
  if (desirable < undesirable) {
    // Rounded up: the ratio reaches 1 (and exceeds it by less than 1%).
    desirableWeight = Math.ceil((100 * undesirable) / desirable) / 100;
  } else if (3 * desirable > 4 * undesirable) {
    // Rounded down: the ratio stays at least 1 and, the weight being above 4/3, at most 4/3.
    undesirableWeight = Math.floor((100 * desirable) / undesirable) / 100;
  }
  const ratio = (desirableWeight * desirable) / (undesirableWeight * undesirable);
  return { desirable, undesirable, desirableWeight, undesirableWeight, ratio: Math.round(ratio * 1e4) / 1e4 };
}
