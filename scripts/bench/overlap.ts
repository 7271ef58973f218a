// npm run bench:overlap: adaptive (sequential) overlap against fixed overlap, simulated (issue 16
// point 5). No database or server: simulated labelers of known accuracy answer 10,000 comparison
// items, and each strategy reads a prefix of the same five answers per item (common random
// numbers, so that the strategies differ by their rule and not by their luck).
// Generative model (docs/QUALITY.md): each item has a true better completion (a or b, even odds)
// and a clarity: 85% are clear, 15% subtle (a labeler's edge over chance is cut to 30%). 50
// labelers: 45 honest with accuracy uniform in [0.6, 0.9], 3 spammers (0.5) and 2 adversarial
// (0.3). Each answer is a tie with probability 5%, otherwise right with the labeler's accuracy
// on that item. The five labelers of an item are distinct, drawn uniformly.
// Consensus: the Borda top (the majority for two completions, a tie counting half each way);
// an even split goes to completion a, a fixed rule that is right half the time. The weighted
// strategies weight each answer by its labeler's gold accuracy, estimated as the product does
// (labelerAccuracy) from GOLD_CHECKS gold answers per labeler on clear items.
// Goal (issue 16): adaptive 2–5 uses at least 25% fewer labels than fixed overlap 5 at the same
// consensus accuracy or better. Settings (env): BENCH_OVERLAP_ITEMS (10000), BENCH_OVERLAP_SEED (16).
import path from "node:path";
import { bordaRanking } from "../../lib/domain/agreement/consensus";
import { seededRandom } from "../../lib/domain/agreement/pairwise-project";
import {
  accuracyFromAgreement,
  labelerAccuracy,
  leaderPosterior,
  decideOverlap,
  DEFAULT_LIKERT_SPREAD_LIMIT,
  DEFAULT_WINNER_SHARE_THRESHOLD,
  forecastLabels,
  overlapSavings,
  type OverlapAnswer,
  type OverlapPolicy,
} from "../../lib/domain/quality/adaptive-overlap";
import { machine, round, writePerformanceSection } from "./report";

const root = path.resolve(__dirname, "..", "..");
const ITEMS = Number(process.env.BENCH_OVERLAP_ITEMS ?? 10_000);
const SEED = Number(process.env.BENCH_OVERLAP_SEED ?? 16);
const SECOND_SEED = SEED + 1000;
const MAX = 5;
const IDS = ["a", "b"];
const GOAL = 0.25;
const SWEEP = [0.6, 2 / 3, 0.7, 0.75, 0.8, 0.9, 1];
/** Gold answers each labeler has given when the items are labeled (attention checks at 5% of 400 tasks). */
const GOLD_CHECKS = Number(process.env.BENCH_OVERLAP_GOLD ?? 20);
/** The weighted rule's confidence (projects.overlap_confidence) the product suggests. */
export const CONFIDENCE = 0.9;
const CONFIDENCE_SWEEP = [0.85, 0.88, 0.9, 0.92, 0.95];

const A = [["a"], ["b"]];
const B = [["b"], ["a"]];
const TIE = [["a", "b"]];

interface SimItem {
  truth: "a" | "b";
  answers: OverlapAnswer[]; // MAX answers, in the order the queue would hand them out
}

/** Honest labelers' accuracy range: the brief's 0.6–0.9, and a better-trained pool (see the agreement it gives). */
type Pool = { low: number; high: number };
const POOL: Pool = { low: 0.6, high: 0.9 };
const TRAINED: Pool = { low: 0.7, high: 0.95 };

function simulate(seed: number, items: number, pool: Pool = POOL): SimItem[] {
  const random = seededRandom(seed);
  const labelers = [
    ...Array.from({ length: 45 }, () => pool.low + (pool.high - pool.low) * random()),
    0.5,
    0.5,
    0.5,
    0.3,
    0.3,
  ];
  // Each labeler's gold record before the items: GOLD_CHECKS clear checks at their accuracy.
  const estimated = labelers.map((p) => {
    let correct = 0;
    for (let g = 0; g < GOLD_CHECKS; g += 1) if (random() < p) correct += 1;
    return labelerAccuracy(correct, GOLD_CHECKS);
  });
  const result: SimItem[] = [];
  for (let n = 0; n < items; n += 1) {
    const truth = random() < 0.5 ? "a" : "b";
    const clarity = random() < 0.85 ? 1 : 0.3;
    const chosen = new Set<number>();
    while (chosen.size < MAX) chosen.add(Math.floor(random() * labelers.length));
    const answers = [...chosen].map((labeler): OverlapAnswer => {
      const accuracy = estimated[labeler]!;
      if (random() < 0.05) return { ranking: TIE, accuracy };
      const right = random() < 0.5 + (labelers[labeler]! - 0.5) * clarity;
      return { ranking: right === (truth === "a") ? A : B, accuracy };
    });
    result.push({ truth, answers });
  }
  return result;
}

/** The consensus winner of some answers; an even split goes to "a". Weighted: by gold accuracy. */
function consensusWinner(answers: OverlapAnswer[], weighted = false): string {
  if (weighted) {
    const { leader } = leaderPosterior(IDS, answers);
    return leader.length === 1 ? leader[0]! : "a";
  }
  const { ranking } = bordaRanking(
    IDS,
    answers.map((a) => a.ranking!),
  );
  return ranking[0]!.length === 1 ? ranking[0]![0]! : "a";
}

interface Outcome {
  strategy: string;
  labels: number;
  correct: number;
  /** 1 where the consensus matched the truth, per item: for the paired comparison with fixed 5. */
  right: Uint8Array;
}

function fixed(items: SimItem[], overlap: number, weighted = false): Outcome {
  const right = new Uint8Array(items.length);
  items.forEach(
    (item, i) => (right[i] = Number(consensusWinner(item.answers.slice(0, overlap), weighted) === item.truth)),
  );
  return {
    strategy: `fixed ${overlap}${weighted ? ", weighted" : ""}`,
    labels: items.length * overlap,
    correct: right.reduce((s, v) => s + v, 0),
    right,
  };
}

function adaptive(items: SimItem[], policy: OverlapPolicy): Outcome & { perItem: number[] } {
  let labels = 0;
  const right = new Uint8Array(items.length);
  const perItem: number[] = [];
  items.forEach((item, i) => {
    let n = 0;
    while (decideOverlap(IDS, item.answers.slice(0, n), policy).verdict === "more") n += 1;
    labels += n;
    perItem.push(n);
    right[i] = Number(consensusWinner(item.answers.slice(0, n), Boolean(policy.confidence)) === item.truth);
  });
  const label = `adaptive ${policy.overlapMin}–${policy.overlapMax}${policy.confidence ? `, weighted ${policy.confidence}` : ""}`;
  return { strategy: label, labels, correct: right.reduce((s, v) => s + v, 0), right, perItem };
}

const policyOf = (
  overlapMin: number,
  threshold = DEFAULT_WINNER_SHARE_THRESHOLD,
  confidence: number | null = null,
): OverlapPolicy => ({
  overlapMin,
  overlapMax: MAX,
  winnerShareThreshold: threshold,
  likertSpreadLimit: DEFAULT_LIKERT_SPREAD_LIMIT,
  confidence,
});

const pct = (x: number) => `${round(100 * x, 1)}%`;
const fmt = (n: number) => n.toLocaleString("en-US");
const thresholdText = (t: number) => (Math.abs(t - 2 / 3) < 1e-9 ? "2/3" : String(t));

/** Mean of the per-item differences in correctness, and the half-width of its normal 95% interval. */
function pairedDifference(a: Uint8Array, b: Uint8Array) {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < a.length; i += 1) {
    const d = a[i]! - b[i]!;
    sum += d;
    squares += d * d;
  }
  const n = a.length;
  const delta = sum / n;
  const variance = (squares - n * delta * delta) / (n - 1);
  return { delta, half: 1.96 * Math.sqrt(variance / n) };
}

function signedPoints(delta: number): string {
  const points = (100 * Math.abs(delta)).toFixed(1);
  return points === "0.0" ? "0.0 pt" : `${delta > 0 ? "+" : "−"}${points} pt`;
}

function goalVerdict(row: Outcome, five: Outcome): string {
  const saving = 1 - row.labels / five.labels;
  const { delta, half } = pairedDifference(row.right, five.right);
  const met = saving >= GOAL && delta + half >= 0;
  return `${row.strategy} against ${five.strategy}: **${pct(saving)} fewer** labels at **${signedPoints(delta)}** (±${(100 * half).toFixed(1)}): **${met ? "met" : "not met"}**.`;
}

function mainTable(items: SimItem[]) {
  const five = fixed(items, 5);
  const rows = [
    fixed(items, 3),
    five,
    adaptive(items, policyOf(2)),
    adaptive(items, policyOf(3)),
    fixed(items, 5, true),
    adaptive(items, policyOf(2, DEFAULT_WINNER_SHARE_THRESHOLD, CONFIDENCE)),
  ];
  const lines = rows.map((r) => {
    const savings = overlapSavings({ items: items.length, labelsSpent: r.labels, fixedOverlap: 5 });
    const { delta, half } = pairedDifference(r.right, five.right);
    const interval = ` (±${(100 * half).toFixed(1)})`;
    return {
      row: r,
      text: `| ${r.strategy} | ${fmt(r.labels)} | ${round(r.labels / items.length, 3)} | ${pct(r.correct / items.length)} | ${round(
        savings.ratio!,
        3,
      )} | ${r === five ? "—" : `${signedPoints(delta)}${interval}`} |`,
    };
  });
  return {
    rows,
    five,
    table: [
      "| strategy | labels | per item | consensus accuracy | labels / fixed 5 | accuracy vs fixed 5 (95% interval) |",
      "| --- | --- | --- | --- | --- | --- |",
      ...lines.map((l) => l.text),
    ].join("\n"),
  };
}

/** Pairwise agreement of the first two strict answers, as a project's agreement report would measure it. */
function observedAgreement(items: SimItem[]): number {
  let pairs = 0;
  let agree = 0;
  for (const item of items) {
    const [x, y] = item.answers.map((a) => a.ranking);
    if (x === TIE || y === TIE) continue;
    pairs += 1;
    if (x === y) agree += 1;
  }
  return agree / pairs;
}

function main() {
  const started = performance.now();
  const items = simulate(SEED, ITEMS);
  const { rows, five, table } = mainTable(items);
  const verdicts = [goalVerdict(rows[2]!, five), goalVerdict(rows[3]!, five)];
  const weightedVerdicts = [goalVerdict(rows[5]!, five), goalVerdict(rows[5]!, rows[4]!)];
  const adaptive25 = rows[2] as ReturnType<typeof adaptive>;

  const sweep = [2, 3].flatMap((min) =>
    SWEEP.map((t) => {
      const r = adaptive(items, policyOf(min, t));
      return `| ${min}–${MAX} | ${thresholdText(t)} | ${round(r.labels / ITEMS, 3)} | ${round(r.labels / five.labels, 3)} | ${pct(r.correct / ITEMS)} |`;
    }),
  );

  const confidenceSweep = CONFIDENCE_SWEEP.map((c) => {
    const r = adaptive(items, policyOf(2, DEFAULT_WINNER_SHARE_THRESHOLD, c));
    const majority = pairedDifference(r.right, five.right);
    const weighted = pairedDifference(r.right, rows[4]!.right);
    return `| ${c} | ${round(r.labels / ITEMS, 3)} | ${round(r.labels / five.labels, 3)} | ${pct(r.correct / ITEMS)} | ${signedPoints(majority.delta)} (±${(100 * majority.half).toFixed(1)}) | ${signedPoints(weighted.delta)} (±${(100 * weighted.half).toFixed(1)}) |`;
  });

  const second = mainTable(simulate(SECOND_SEED, ITEMS));
  const trainedItems = simulate(SEED, ITEMS, TRAINED);
  const trained = mainTable(trainedItems);

  // The forecast, checked: once each item has its first 2 answers, the expected labels still to
  // come (accuracy estimated from the observed agreement) against what adaptive 2–5 then spent.
  const agreement = observedAgreement(items);
  const accuracy = accuracyFromAgreement(agreement);
  const forecast = forecastLabels(
    items.map((item) => ({ completionIds: IDS, answers: item.answers.slice(0, 2) })),
    policyOf(2),
    accuracy,
  );
  const spentAfterTwo = adaptive25.perItem.reduce((s, n) => s + n - 2, 0);
  const fresh = forecastLabels(
    items.map(() => ({ completionIds: IDS, answers: [] })),
    policyOf(2),
    accuracy,
  );
  const seconds = (performance.now() - started) / 1000;

  const body = `
## Adaptive overlap: labels against fixed overlap (\`npm run bench:overlap\`)

Measured ${new Date().toISOString().slice(0, 10)}. A simulation (no database, no server): ${fmt(ITEMS)} comparison items answered by simulated labelers of known accuracy;
each strategy reads a prefix of the same 5 answers per item. Model (\`scripts/bench/overlap.ts\`, docs/QUALITY.md):
each item has a true better completion; 85% of items are clear, 15% subtle (a labeler's edge over chance cut to 30%);
50 labelers: 45 with accuracy uniform in 0.6–0.9, 3 spammers (0.5), 2 adversarial (0.3); 5% of answers are ties.
Consensus: the majority (Borda, a tie counting half each way); an even split goes to completion a.
The adaptive rule (\`lib/domain/quality/adaptive-overlap.ts\`): one more labeler while the winner share is below
**${DEFAULT_WINNER_SHARE_THRESHOLD}** (or the winner's Likert sd above ${DEFAULT_LIKERT_SPREAD_LIMIT}; these items carry no scores), never
below the minimum, never above 5. Simulated pairwise agreement of two labelers: ${pct(agreement)}
(InstructGPT reports 72.6% among its trained labelers).

Seed ${SEED}:

${table}

Goal (issue 16): at least ${pct(GOAL)} fewer labels than fixed 5 at the same consensus accuracy or better (here: the
95% interval of the paired difference reaches 0 or above). ${verdicts.join(" ")}
Why 2–5 cannot keep fixed 5's accuracy with majority consensus: two agreeing answers stop the item, and fixed 5 would
have overturned them, more often rightly than not, whenever the next three all disagree; with a minimum of 3 the rule stops only where
fixed 5's majority is already decided or nearly so (docs/QUALITY.md).

**The weighted rule** (\`overlapConfidence\`, docs/QUALITY.md): each answer weighs the log-odds of its labeler's gold
accuracy (estimated from ${GOLD_CHECKS} gold answers per labeler, shrunk toward 0.7), and an item is settled once the posterior
that its leader beats the runner-up reaches ${CONFIDENCE}. Its consensus is the weighted one; "fixed 5, weighted" is fixed
overlap 5 with the same weighted consensus, the like-for-like baseline.
${weightedVerdicts.join(" ")}

Confidence sweep (adaptive 2–5, weighted, seed ${SEED}):

| confidence | labels per item | labels / fixed 5 | consensus accuracy | vs fixed 5 | vs fixed 5, weighted |
| --- | --- | --- | --- | --- | --- |
${confidenceSweep.join("\n")}

Another seed (${SECOND_SEED}):

${second.table}

A better-trained pool (honest accuracy ${TRAINED.low}–${TRAINED.high}, the rest unchanged; pairwise agreement
${pct(observedAgreement(trainedItems))}), seed ${SEED}:

${trained.table}

Goal on this pool: ${goalVerdict(trained.rows[2]!, trained.five)} ${goalVerdict(trained.rows[3]!, trained.five)} ${goalVerdict(trained.rows[5]!, trained.five)} ${goalVerdict(trained.rows[5]!, trained.rows[4]!)}

Goal on the other seed: ${goalVerdict(second.rows[5]!, second.five)} ${goalVerdict(second.rows[5]!, second.rows[4]!)}

Threshold sweep (seed ${SEED}): labels per item, against fixed 5, and consensus accuracy. On two completions the share
only takes a few values (1/2, 3/5, 2/3, 3/4, 4/5, 1, and halves from ties), so neighbouring thresholds act alike.

| overlap | threshold | labels per item | labels / fixed 5 | consensus accuracy |
| --- | --- | --- | --- | --- |
${sweep.join("\n")}

Forecast check (adaptive 2–5, accuracy ${round(accuracy, 3)} estimated from the agreement): after the first 2 answers of
every item the forecast expected ${fmt(Math.round(forecast.expectedAdditional))} more labels on ${fmt(forecast.openItems)} open items; the
rule then spent ${fmt(spentAfterTwo)}. Before any answer it forecast ${fmt(Math.round(fresh.expectedAdditional))} labels in all; the rule spent
${fmt(adaptive25.labels)}.

Machine: ${machine()}. Command: \`npm run bench:overlap\` (${round(seconds, 1)} s; BENCH_OVERLAP_ITEMS, BENCH_OVERLAP_SEED).
`;
  console.log(body);
  writePerformanceSection(root, "bench:overlap", body);
}

main();
