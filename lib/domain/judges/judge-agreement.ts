// Judge–human agreement (docs/JUDGES.md, "Agreement with humans"): how often a judge's
// verdicts match the human answers on the same items, overall and per slice (model pair,
// flag, prompt length), with Cohen's kappa against the human majority, the judge's length
// bias beside the humans', and the items where the judge contradicts the majority.
// Position-swap consistency is counted in SQL from the verdicts (swap-consistency.ts).
import { pooledPairwiseAgreement } from "@/lib/domain/agreement/pairwise-project";
import {
  judgedPairs,
  PROMPT_LENGTH_BUCKETS,
  promptLengthBucket,
  type JudgedItem,
  type PairResult,
  type PairVerdict,
} from "@/lib/domain/judges/judge-pairs";

export interface AgreementFigures {
  /** Share of (judge, human answer, completion pair) comparisons that agree; null without any. */
  agreement: number | null;
  /** 95% percentile bootstrap interval resampling items (seeded: the same data give the same interval). */
  ci95: [number, number] | null;
  comparisons: number;
  agreeing: number;
  /** Items with at least one comparison. */
  items: number;
  /** Cohen's kappa, judge vs the human majority per completion pair (first / second / tie). */
  kappa: number | null;
  /** Completion pairs with a human majority: what kappa is computed on. */
  kappaPairs: number;
}

export interface LengthBias {
  /** Completion pairs of unequal length that the judge and at least one human answer ranked. */
  pairs: number;
  /** Of those pairs, the ones the judge decided (no tie), and how many went to the longer reply. */
  judgeDecided: number;
  judgeLonger: number;
  judgeLongerShare: number | null;
  /** The human answers' decided verdicts on the same pairs, and how many went to the longer reply. */
  humanDecided: number;
  humanLonger: number;
  humanLongerShare: number | null;
  /** judgeLongerShare − humanLongerShare: above 0, the judge favours long replies more than people do. */
  difference: number | null;
}

export type Slice = AgreementFigures & { key: string };
export type FlagSlice = Slice & { flag: string; flagged: boolean };

export interface Disagreement {
  itemId: string;
  number: number;
  /** Pairs with a human majority the judge contradicts, and pairs with a human majority. */
  contradicted: number;
  majorityPairs: number;
  judge: string[][];
  humans: string[][][];
  /** The contradicted pairs: the judge's verdict and the majority's. */
  pairs: { first: string; second: string; judge: PairVerdict; majority: PairVerdict }[];
  completions: { id: string; model: string | null; length: number }[];
}

export interface JudgeAgreement extends AgreementFigures {
  coverage: {
    /** Items with a judge annotation. */
    judged: number;
    /** Of those, items whose judge answer could not be parsed (left out, never guessed). */
    unparsed: number;
    /** Items the judge ranked that no human answer ranked. */
    withoutHumans: number;
  };
  lengthBias: LengthBias;
  slices: { models: Slice[]; flags: FlagSlice[]; promptLength: Slice[] };
  /** Items where the judge contradicts the human majority, most contradicted pairs first. */
  disagreements: Disagreement[];
}

export interface JudgeAgreementOptions {
  /** The project's flags, for their order: a flag some compared item carries gets a flagged and a not-flagged slice. */
  flags?: readonly string[];
  resamples?: number;
  seed?: number;
}

interface Analysed {
  item: JudgedItem;
  pairs: PairResult[];
  flags: Set<string>;
}

const CATEGORIES: PairVerdict[] = ["first", "second", "tie"];

/**
 * A slice's bootstrap draws item by item up to this many items, above by pattern (how many
 * items of each (comparisons, agreeing) count: the same distribution, pairwise-project.ts).
 * The overall figure keeps the human report's threshold; a report has a slice per model pair
 * and two per flag, and drawing 10,000 items 1,000 times for each of thirty slices would take
 * seconds.
 */
export const SLICE_EXACT_RESAMPLING_UP_TO = 2_000;

/**
 * Unweighted Cohen's kappa from a confusion matrix of counts (rows: one rater, columns: the
 * other): cohen.ts's figure without an array entry per rated pair, which a 10,000-item report
 * sliced a dozen ways would build again and again. Checked against cohenKappa and its textbook
 * example in tests/unit/judge-agreement.test.ts.
 */
export function kappaFromCounts(confusion: number[][]): number | null {
  const total = confusion.reduce((s, row) => s + row.reduce((t, v) => t + v, 0), 0);
  if (total === 0) return null;
  let observed = 0;
  let expected = 0;
  confusion.forEach((row, i) => {
    observed += row[i]! / total;
    const rowShare = row.reduce((t, v) => t + v, 0) / total;
    const columnShare = confusion.reduce((t, r) => t + r[i]!, 0) / total;
    expected += rowShare * columnShare;
  });
  return expected === 1 ? null : (observed - expected) / (1 - expected);
}

/** The figures of some items, counting only the pairs `keep` selects. */
function figuresOf(
  analysed: Analysed[],
  options: JudgeAgreementOptions,
  keep: (p: PairResult) => boolean = () => true,
  exactUpTo?: number,
): AgreementFigures {
  // confusion[judge's verdict][majority's verdict], in CATEGORIES order.
  const confusion = CATEGORIES.map(() => CATEGORIES.map(() => 0));
  let kappaPairs = 0;
  const perItem = analysed.map(({ pairs }) => {
    let comparisons = 0;
    let agreeing = 0;
    let withTies = 0;
    for (const p of pairs) {
      if (!keep(p)) continue;
      comparisons += p.comparisons;
      agreeing += p.agreeing;
      withTies += p.withTies;
      if (p.majority) {
        confusion[CATEGORIES.indexOf(p.judge)]![CATEGORIES.indexOf(p.majority)]! += 1;
        kappaPairs += 1;
      }
    }
    return { comparisons, agreeing, withTies };
  });
  const pooled = pooledPairwiseAgreement(perItem, { resamples: options.resamples, seed: options.seed, exactUpTo });
  return {
    agreement: pooled.agreement,
    ci95: pooled.ci95,
    comparisons: pooled.comparisons,
    agreeing: perItem.reduce((s, r) => s + r.agreeing, 0),
    items: pooled.items,
    kappa: kappaFromCounts(confusion),
    kappaPairs,
  };
}

function lengthBiasOf(analysed: Analysed[]): LengthBias {
  let pairs = 0;
  let judgeDecided = 0;
  let judgeLonger = 0;
  let humanDecided = 0;
  let humanLonger = 0;
  for (const { pairs: list } of analysed) {
    for (const p of list) {
      const [la, lb] = p.lengths;
      if (la === lb || p.humans.length === 0) continue;
      pairs += 1;
      const longer: PairVerdict = la > lb ? "first" : "second";
      if (p.judge !== "tie") {
        judgeDecided += 1;
        if (p.judge === longer) judgeLonger += 1;
      }
      for (const h of p.humans) {
        if (h === "tie") continue;
        humanDecided += 1;
        if (h === longer) humanLonger += 1;
      }
    }
  }
  const judgeLongerShare = judgeDecided ? judgeLonger / judgeDecided : null;
  const humanLongerShare = humanDecided ? humanLonger / humanDecided : null;
  return {
    pairs,
    judgeDecided,
    judgeLonger,
    judgeLongerShare,
    humanDecided,
    humanLonger,
    humanLongerShare,
    difference: judgeLongerShare === null || humanLongerShare === null ? null : judgeLongerShare - humanLongerShare,
  };
}

function disagreementOf({ item, pairs }: Analysed): Disagreement | null {
  const withMajority = pairs.filter((p) => p.majority !== null);
  const contradicted = withMajority.filter((p) => p.judge !== p.majority);
  if (contradicted.length === 0) return null;
  return {
    itemId: item.itemId,
    number: item.number,
    contradicted: contradicted.length,
    majorityPairs: withMajority.length,
    judge: item.judge!,
    humans: item.humans.map((h) => h.ranking),
    pairs: contradicted.map((p) => ({ first: p.first, second: p.second, judge: p.judge, majority: p.majority! })),
    completions: item.completions,
  };
}

/** Judge–human agreement over a project's judged items (what the server reads, parsed). */
export function judgeAgreement(items: JudgedItem[], options: JudgeAgreementOptions = {}): JudgeAgreement {
  const analysed: Analysed[] = items.map((item) => ({
    item,
    pairs: judgedPairs(item),
    flags: new Set(item.humans.flatMap((h) => h.flags)),
  }));
  const compared = analysed.filter((a) => a.pairs.some((p) => p.comparisons > 0));
  const slice = (key: string, subset: Analysed[], keep?: (p: PairResult) => boolean): Slice => ({
    key,
    ...figuresOf(subset, options, keep, SLICE_EXACT_RESAMPLING_UP_TO),
  });

  const modelPairs = [...new Set(compared.flatMap((a) => a.pairs.map((p) => p.models)))].sort();
  const models = modelPairs.map((key) =>
    slice(
      key,
      compared.filter((a) => a.pairs.some((p) => p.models === key)),
      (p) => p.models === key,
    ),
  );
  // Flags some compared item carries: the project's in its order, then any others found.
  const found = new Set(compared.flatMap((a) => [...a.flags]));
  const flagNames = [...(options.flags ?? []).filter((f) => found.has(f)), ...[...found].sort()].filter(
    (f, i, all) => all.indexOf(f) === i,
  );
  const flags: FlagSlice[] = flagNames.flatMap((flag) =>
    [true, false].flatMap((flagged) => {
      const subset = compared.filter((a) => a.flags.has(flag) === flagged);
      return subset.length ? [{ ...slice(flag, subset), flag, flagged }] : [];
    }),
  );
  const promptLength = PROMPT_LENGTH_BUCKETS.flatMap(({ key }) => {
    const subset = compared.filter((a) => promptLengthBucket(a.item.promptLength) === key);
    return subset.length ? [slice(key, subset)] : [];
  });

  const disagreements = analysed
    .map(disagreementOf)
    .filter((d): d is Disagreement => d !== null)
    .sort((x, y) => y.contradicted - x.contradicted || x.number - y.number);

  return {
    ...figuresOf(compared, options),
    coverage: {
      judged: items.length,
      unparsed: items.filter((i) => i.judge === null).length,
      withoutHumans: analysed.filter((a) => a.item.judge !== null && !a.pairs.some((p) => p.comparisons > 0)).length,
    },
    lengthBias: lengthBiasOf(compared),
    slices: { models, flags, promptLength },
    disagreements,
  };
}
