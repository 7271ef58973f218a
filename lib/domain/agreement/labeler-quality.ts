// How each labeler compares with the others: agreement with the consensus of the other
// labelers on the same items (leave-one-out), position bias (how often the completion shown
// first wins) and length bias (how often the longer completion is preferred).
import { itemStats } from "@/lib/domain/agreement/item-stats";

export interface QualityAnswer {
  labeler: string;
  ranking: string[][];
  /** The completion shown first to this labeler, and how many were shown. */
  firstShown: string | null;
  shown: number;
}

export interface QualityItem {
  completionLengths: Record<string, number>;
  answers: QualityAnswer[];
}

export interface LabelerQuality {
  labeler: string;
  answers: number;
  /** Share of completion pairs on which the labeler agrees with the others' consensus; null without shared items. */
  agreementWithOthers: number | null;
  /** Share of answers whose single winner is the completion shown first. */
  firstShownWins: number | null;
  /** What firstShownWins would be without position bias (mean of 1/K). */
  firstShownExpected: number | null;
  /** Share of decided pairs of unequal length where the longer completion was preferred (0.5: no bias). */
  longerPreferred: number | null;
  /** Agreement well below the other labelers' (more than 0.15 under their median). */
  lowAgreement: boolean;
}

export function labelerQuality(items: QualityItem[]): LabelerQuality[] {
  const quality = new LabelerQualityAccumulator();
  for (const item of items) quality.addItem(item);
  return quality.result();
}

/** What a labeler's quality is computed from: counts summed over their answers. */
export interface QualityCounts {
  answers: number;
  /** Completion pairs compared with the others' consensus, and agreed. */
  pairs: number;
  agree: number;
  /** Answers with a single winner among 2+ shown, those where it was shown first, and the sum of 1/K. */
  winners: number;
  firstWins: number;
  expected: number;
  /** Decided pairs of unequal length, and those that went to the longer completion. */
  lengthPairs: number;
  longer: number;
}

export function qualityOf(labeler: string, c: QualityCounts): LabelerQuality {
  return {
    labeler,
    answers: c.answers,
    agreementWithOthers: c.pairs ? c.agree / c.pairs : null,
    firstShownWins: c.winners ? c.firstWins / c.winners : null,
    firstShownExpected: c.winners ? c.expected / c.winners : null,
    longerPreferred: c.lengthPairs ? c.longer / c.lengthPairs : null,
    lowAgreement: false,
  };
}

/** What position bias needs of an answer: the size of its top group, whether that group's first id was shown first, and how many were shown. */
export interface PositionAnswer {
  topSize: number;
  topIsFirstShown: boolean;
  shown: number;
}

/**
 * Adds an answer (or `times` answers of the same shape) to a labeler's position-bias counts:
 * only a single winner among two or more shown counts; 1/K is what winning first would be
 * without bias. The one definition: the stored report (lib/server/agreement/project-agreement.ts)
 * sends its answers here grouped by shape.
 */
export function addPosition(
  counts: Pick<QualityCounts, "winners" | "firstWins" | "expected">,
  answer: PositionAnswer,
  times = 1,
) {
  if (answer.topSize !== 1 || answer.shown < 2) return;
  counts.winners += times;
  counts.expected += times / answer.shown;
  if (answer.topIsFirstShown) counts.firstWins += times;
}

/**
 * Labeler quality built one item at a time: only per-labeler counters are kept. The
 * per-answer counts are those the app stores on submit (lib/domain/agreement/item-stats.ts),
 * so this and the stored report agree by construction.
 */
export class LabelerQualityAccumulator {
  private readonly stats = new Map<string, QualityCounts>();

  private of(labeler: string): QualityCounts {
    let s = this.stats.get(labeler);
    if (!s) {
      s = { answers: 0, agree: 0, pairs: 0, firstWins: 0, winners: 0, expected: 0, longer: 0, lengthPairs: 0 };
      this.stats.set(labeler, s);
    }
    return s;
  }

  addItem(item: QualityItem) {
    const counts = itemStats(
      "ranking",
      item.completionLengths,
      item.answers.map((a, index) => ({ id: String(index), labeler: a.labeler, ranking: a.ranking, ratings: null })),
    ).answers;
    item.answers.forEach((answer, index) => {
      const s = this.of(answer.labeler);
      s.answers += 1;
      const top = answer.ranking[0] ?? [];
      addPosition(s, { topSize: top.length, topIsFirstShown: top[0] === answer.firstShown, shown: answer.shown });
      const c = counts[index]!;
      s.pairs += c.looPairs;
      s.agree += c.looAgree;
      s.lengthPairs += c.lengthPairs;
      s.longer += c.longer;
    });
  }

  result(): LabelerQuality[] {
    return flagLowAgreement([...this.stats].map(([labeler, counts]) => qualityOf(labeler, counts)));
  }
}

/** Marks labelers whose agreement is more than 0.15 under their peers' median; sorted by labeler. */
export function flagLowAgreement(rows: LabelerQuality[]): LabelerQuality[] {
  for (const row of rows) {
    row.lowAgreement = false;
    if (row.agreementWithOthers === null) continue;
    const peers = rows
      .filter((r) => r !== row && r.agreementWithOthers !== null)
      .map((r) => r.agreementWithOthers!)
      .sort((a, b) => a - b);
    if (peers.length < 2) continue;
    const median =
      peers.length % 2 ? peers[(peers.length - 1) / 2]! : (peers[peers.length / 2 - 1]! + peers[peers.length / 2]!) / 2;
    row.lowAgreement = row.agreementWithOthers < median - 0.15;
  }
  return rows.sort((a, b) => a.labeler.localeCompare(b.labeler));
}
