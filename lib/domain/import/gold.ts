// An import line's gold answer (docs/FORMATS.md "Gold items"): the expected answer in the
// letters the item page shows (A is the first completion of the line), the item's role in the
// quality program and the explanation shown as training feedback. Pure: positions here, the
// import maps them to the completions it writes.
import { z } from "zod";
import { GOLD_ROLES, type GoldRole } from "@/lib/domain/quality/standing";
import { parseLetterRanking } from "@/lib/domain/quality/gold-input";

export const importGoldSchema = z
  .object({
    best: z
      .string()
      .regex(/^[A-Za-z]$/, "a letter, A for the first completion")
      .optional(),
    ranking: z.string().max(200).optional(),
    role: z.enum(GOLD_ROLES).optional(),
    explanation: z.string().max(5000).optional(),
  })
  .strict();
export type ImportGoldLine = z.infer<typeof importGoldSchema>;

export interface ImportedGold {
  /** Position of the expected best completion, or null. */
  best: number | null;
  /** Tie groups of positions, best first, or null. */
  ranking: number[][] | null;
  role: GoldRole | null;
  explanation: string | null;
}

/** The line's gold against its completion count, or the reason it does not hold. */
export function importedGold(gold: ImportGoldLine, completions: number): ImportedGold | string {
  const positions = Array.from({ length: completions }, (_, i) => String(i));
  let best: number | null = null;
  if (gold.best !== undefined) {
    best = gold.best.toUpperCase().charCodeAt(0) - 65;
    if (best >= completions) return `gold.best: "${gold.best}" is not a completion of this line`;
  }
  let ranking: number[][] | null = null;
  if (gold.ranking !== undefined && gold.ranking.trim()) {
    const parsed = parseLetterRanking(gold.ranking, positions);
    if (typeof parsed === "string") return `gold.${parsed}`;
    ranking = parsed.map((group) => group.map(Number));
    if (best !== null && !ranking[0]!.includes(best))
      return "gold: the expected best completion must be at the top of the expected ranking";
    if (best === null && ranking[0]!.length === 1) best = ranking[0]![0]!;
  }
  const explanation = gold.explanation?.trim() || null;
  if (best === null && ranking === null && gold.role === undefined) return 'gold: give "best", "ranking" or "role"';
  // Completions to pick from (a comparison's or ranking's line): a check needs the answer to check
  // against (rlhf_quality_slot never serves one without). Only a demonstration is graded by hand.
  if (best === null && ranking === null && completions > 1)
    return 'gold: a check among completions needs "best" or "ranking" (without an expected answer it is never served)';
  return { best, ranking, role: gold.role ?? null, explanation };
}
