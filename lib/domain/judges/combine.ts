// A judge's two answers to one item (its own order and the swapped one) combined into one
// judge annotation (docs/JUDGES.md, "Runs"). Consistent means both orders were parsed, sure,
// and ranked the completions the same way; only then does the annotation carry a ranking.
// An inconsistent item gets a null ranking (we do not pick one of two contradicting answers).

export interface OrderAnswer {
  /** Tie groups of completion ids, best first; null when unparsed, unsure or failed. */
  ranking: string[][] | null;
  unsure: boolean;
  rationale: string | null;
}

export interface CombinedVerdict {
  ranking: string[][] | null;
  consistent: boolean;
  unsure: boolean;
  rationale: string | null;
}

/** A ranking in a form that compares equal however each tie group is ordered. */
export function rankingKey(ranking: string[][]): string {
  return JSON.stringify(ranking.map((group) => [...group].sort()));
}

export function combineOrders(own: OrderAnswer | null, swapped: OrderAnswer | null): CombinedVerdict {
  const unsure = Boolean(own?.unsure || swapped?.unsure);
  const rationale = own?.rationale ?? swapped?.rationale ?? null;
  const consistent =
    !unsure &&
    own?.ranking != null &&
    swapped?.ranking != null &&
    rankingKey(own.ranking) === rankingKey(swapped.ranking);
  return { ranking: consistent ? own!.ranking : null, consistent, unsure, rationale };
}

/** The swapped display order: the item's order reversed (A↔B for a pair). */
export const swappedOrder = <T>(order: readonly T[]): T[] => [...order].reverse();
