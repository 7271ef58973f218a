// Time and cost of labeling (issue 16 point 6). Pure: lib/server/quality/cost-report.ts reads
// the answers, this sums them. What counts is in docs/QUALITY.md ("Time and cost").

/** One labeler's answers in a project, summed (lib/server/quality/cost-queries.ts). */
export interface LabelerWork {
  labelerId: string;
  email: string;
  answers: number;
  /** Sum of the answers' time_spent_ms (an edit adds its own time). */
  activeMs: number;
  /** pairsOfRanking summed over the answers. */
  preferencePairs: number;
  demonstrations: number;
}

export interface CostFigures {
  answers: number;
  activeMs: number;
  /** activeMs × rate / 1 h; null without a rate. */
  cost: number | null;
  preferencePairs: number;
  demonstrations: number;
  costPerPair: number | null;
  costPerDemonstration: number | null;
}

const HOUR_MS = 3_600_000;

/**
 * Preference pairs of one ranking, as the `preference` export writes them: one per two
 * completions in different tie groups (a strict ranking of K gives K(K − 1)/2, a tie none).
 */
export function pairsOfRanking(ranking: string[][] | null): number {
  if (!ranking) return 0;
  let pairs = 0;
  let above = 0;
  for (const group of ranking) {
    pairs += above * group.length;
    above += group.length;
  }
  return pairs;
}

function figures(w: Omit<LabelerWork, "labelerId" | "email">, rate: number | null): CostFigures {
  const cost = rate === null ? null : (w.activeMs / HOUR_MS) * rate;
  return {
    answers: w.answers,
    activeMs: w.activeMs,
    cost,
    preferencePairs: w.preferencePairs,
    demonstrations: w.demonstrations,
    // The time of an answer buys its pairs or its demonstration; a project has one kind of
    // answer, so the whole cost is divided by each count (null when there is none).
    costPerPair: cost !== null && w.preferencePairs > 0 ? cost / w.preferencePairs : null,
    costPerDemonstration: cost !== null && w.demonstrations > 0 ? cost / w.demonstrations : null,
  };
}

/** The project's figures (`total`, the labelers' summed) and each labeler's. */
export function costReport(labelers: LabelerWork[], rate: number | null) {
  const total = { answers: 0, activeMs: 0, preferencePairs: 0, demonstrations: 0 };
  for (const w of labelers) {
    total.answers += w.answers;
    total.activeMs += w.activeMs;
    total.preferencePairs += w.preferencePairs;
    total.demonstrations += w.demonstrations;
  }
  return {
    hourlyRate: rate,
    total: figures(total, rate),
    labelers: labelers.map((w) => ({ labelerId: w.labelerId, email: w.email, ...figures(w, rate) })),
  };
}
export type CostReport = ReturnType<typeof costReport>;
