// How each labeler compares with the others: agreement with the consensus of the other
// labelers on the same items (leave-one-out), position bias (how often the completion shown
// first wins) and length bias (how often the longer completion is preferred).
import { itemConsensus } from "@/lib/domain/agreement/consensus";
import { preference } from "@/lib/domain/agreement/pairwise-item";

export interface QualityAnswer {
  labeler: string;
  ranking: string[][];
  displayOrder: string[];
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
  const stats = new Map<
    string,
    {
      answers: number;
      agree: number;
      pairs: number;
      firstWins: number;
      winners: number;
      expected: number;
      longer: number;
      lengthPairs: number;
    }
  >();
  const of = (labeler: string) => {
    let s = stats.get(labeler);
    if (!s) {
      s = { answers: 0, agree: 0, pairs: 0, firstWins: 0, winners: 0, expected: 0, longer: 0, lengthPairs: 0 };
      stats.set(labeler, s);
    }
    return s;
  };
  for (const item of items) {
    const ids = Object.keys(item.completionLengths).sort();
    for (const answer of item.answers) {
      const s = of(answer.labeler);
      s.answers += 1;
      const top = answer.ranking[0] ?? [];
      if (top.length === 1 && answer.displayOrder.length > 1) {
        s.winners += 1;
        s.expected += 1 / answer.displayOrder.length;
        if (top[0] === answer.displayOrder[0]) s.firstWins += 1;
      }
      for (let x = 0; x < ids.length; x += 1) {
        for (let y = x + 1; y < ids.length; y += 1) {
          const a = ids[x]!;
          const b = ids[y]!;
          const p = preference(answer.ranking, a, b);
          const la = item.completionLengths[a]!;
          const lb = item.completionLengths[b]!;
          if (p && la !== lb) {
            s.lengthPairs += 1;
            if ((p === 1) === la > lb) s.longer += 1;
          }
        }
      }
      const others = item.answers.filter((o) => o !== answer);
      if (others.length === 0) continue;
      const consensus = itemConsensus(ids, others).ranking;
      for (let x = 0; x < ids.length; x += 1) {
        for (let y = x + 1; y < ids.length; y += 1) {
          const mine = preference(answer.ranking, ids[x]!, ids[y]!);
          const theirs = preference(consensus, ids[x]!, ids[y]!);
          if (mine === null || theirs === null) continue;
          s.pairs += 1;
          if (mine === theirs) s.agree += 1;
        }
      }
    }
  }
  const rows = [...stats].map(([labeler, s]) => ({
    labeler,
    answers: s.answers,
    agreementWithOthers: s.pairs ? s.agree / s.pairs : null,
    firstShownWins: s.winners ? s.firstWins / s.winners : null,
    firstShownExpected: s.winners ? s.expected / s.winners : null,
    longerPreferred: s.lengthPairs ? s.longer / s.lengthPairs : null,
    lowAgreement: false,
  }));
  for (const row of rows) {
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
