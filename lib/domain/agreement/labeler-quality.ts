// How each labeler compares with the others: agreement with the consensus of the other
// labelers on the same items (leave-one-out), position bias (how often the completion shown
// first wins) and length bias (how often the longer completion is preferred).
import { bordaRanking } from "@/lib/domain/agreement/consensus";

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

interface Stats {
  answers: number;
  agree: number;
  pairs: number;
  firstWins: number;
  winners: number;
  expected: number;
  longer: number;
  lengthPairs: number;
}

/** Group index of each completion in a ranking (undefined: not ranked). */
function ranks(ranking: string[][]): Map<string, number> {
  const map = new Map<string, number>();
  ranking.forEach((group, g) => {
    for (const id of group) map.set(id, g);
  });
  return map;
}

/** +1: a better, -1: b better, 0: tied, null: not both ranked. */
function prefer(rank: Map<string, number>, a: string, b: string): 1 | -1 | 0 | null {
  const ra = rank.get(a);
  const rb = rank.get(b);
  if (ra === undefined || rb === undefined) return null;
  return ra === rb ? 0 : ra < rb ? 1 : -1;
}

/** Labeler quality built one item at a time: only per-labeler counters are kept. */
export class LabelerQualityAccumulator {
  private readonly stats = new Map<string, Stats>();

  private of(labeler: string): Stats {
    let s = this.stats.get(labeler);
    if (!s) {
      s = { answers: 0, agree: 0, pairs: 0, firstWins: 0, winners: 0, expected: 0, longer: 0, lengthPairs: 0 };
      this.stats.set(labeler, s);
    }
    return s;
  }

  addItem(item: QualityItem) {
    const ids = Object.keys(item.completionLengths).sort();
    const rankMaps = item.answers.map((a) => ranks(a.ranking));
    item.answers.forEach((answer, index) => {
      const s = this.of(answer.labeler);
      s.answers += 1;
      const top = answer.ranking[0] ?? [];
      if (top.length === 1 && answer.shown > 1) {
        s.winners += 1;
        s.expected += 1 / answer.shown;
        if (top[0] === answer.firstShown) s.firstWins += 1;
      }
      const mine = rankMaps[index]!;
      for (let x = 0; x < ids.length; x += 1) {
        for (let y = x + 1; y < ids.length; y += 1) {
          const a = ids[x]!;
          const b = ids[y]!;
          const p = prefer(mine, a, b);
          const la = item.completionLengths[a]!;
          const lb = item.completionLengths[b]!;
          if (p && la !== lb) {
            s.lengthPairs += 1;
            if ((p === 1) === la > lb) s.longer += 1;
          }
        }
      }
      if (item.answers.length < 2) return;
      const others = item.answers.filter((_, o) => o !== index).map((o) => o.ranking);
      const theirs = ranks(bordaRanking(ids, others).ranking);
      for (let x = 0; x < ids.length; x += 1) {
        for (let y = x + 1; y < ids.length; y += 1) {
          const p = prefer(mine, ids[x]!, ids[y]!);
          const q = prefer(theirs, ids[x]!, ids[y]!);
          if (p === null || q === null) continue;
          s.pairs += 1;
          if (p === q) s.agree += 1;
        }
      }
    });
  }

  result(): LabelerQuality[] {
    const rows = [...this.stats].map(([labeler, s]) => ({
      labeler,
      answers: s.answers,
      agreementWithOthers: s.pairs ? s.agree / s.pairs : null,
      firstShownWins: s.winners ? s.firstWins / s.winners : null,
      firstShownExpected: s.winners ? s.expected / s.winners : null,
      longerPreferred: s.lengthPairs ? s.longer / s.lengthPairs : null,
      lowAgreement: false,
    }));
    return flagLowAgreement(rows);
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
