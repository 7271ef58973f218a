// A judge's verdict as an exported answer (docs/EXPORTS.md "Rows from judges"). A judge
// annotation gives rows only when both display orders parsed, agreed (consistent) and the
// judge was sure; its rows are `judge` on an item no labeler answered, `judge+audited` when
// every labeler's answer agrees with it, and none when any labeler disagrees (the labelers'
// own rows, `human`, stand alone). Pure.
import type { ExportAnnotation } from "@/lib/domain/export/rows";
import type { RowSource } from "@/lib/domain/export/sources";

/** The judge annotation an item's rows may come from (the most recent usable one per item). */
export interface ExportJudgeVerdict {
  id: string;
  /** "judge:<name>" */
  provenance: string;
  ranking: string[][] | null;
  consistent: boolean;
  unsure: boolean;
  promptVersion: number;
  createdAt: Date;
}

/** The group of each completion (0 best); completions a ranking leaves out are not compared. */
function groupIndex(ranking: string[][]): Map<string, number> {
  const index = new Map<string, number>();
  ranking.forEach((group, i) => group.forEach((id) => index.set(id, i)));
  return index;
}

/**
 * Whether two rankings (tie groups, best first) say the same of every two completions both
 * ranked: the same one better, or both tied. A tie against a preference is a disagreement.
 */
export function rankingsAgree(a: string[][], b: string[][]): boolean {
  const ga = groupIndex(a);
  const gb = groupIndex(b);
  const shared = [...ga.keys()].filter((id) => gb.has(id));
  for (let i = 0; i < shared.length; i += 1) {
    for (let j = i + 1; j < shared.length; j += 1) {
      const x = shared[i]!;
      const y = shared[j]!;
      if (Math.sign(ga.get(x)! - ga.get(y)!) !== Math.sign(gb.get(x)! - gb.get(y)!)) return false;
    }
  }
  return true;
}

/** Whether a verdict can label anything: parsed, the same in both orders, and sure. */
export function usableVerdict(v: ExportJudgeVerdict): v is ExportJudgeVerdict & { ranking: string[][] } {
  return v.ranking !== null && v.ranking.length > 0 && v.consistent && !v.unsure;
}

/**
 * The source of a usable verdict's rows given every labeler's ranking of the item (all their
 * answers, whatever the export's filters): `judge` with none, `judge+audited` when all agree,
 * null (no rows) when any disagrees.
 */
export function verdictSource(verdict: string[][], humanRankings: (string[][] | null)[]): RowSource | null {
  if (humanRankings.length === 0) return "judge";
  return humanRankings.every((r) => r === null || rankingsAgree(verdict, r)) ? "judge+audited" : null;
}

/** The verdict as an answer for rows.ts: its ranking, nothing a judge does not give. */
export function judgeAnswer(v: ExportJudgeVerdict & { ranking: string[][] }, source: RowSource): ExportAnnotation {
  return {
    id: v.id,
    labeler: v.provenance,
    createdAt: v.createdAt,
    text: null,
    ranking: v.ranking,
    strength: null,
    tie: null,
    ratings: null,
    flags: null,
    comment: null,
    timeSpentMs: null,
    // No completions shown to a person: `safety` (the flags each judged completion got) has no row.
    displayOrder: [],
    guidelineVersion: v.promptVersion,
    rewrite: null,
    source,
  };
}
