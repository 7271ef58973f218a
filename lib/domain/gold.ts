// Gold items carry a known answer; a labeler's gold accuracy is how often they agree with it.

export interface GoldAnswer {
  /** For comparisons and rankings: the completion that must come out on top. */
  best: string;
}

/** Correct when the labeler put exactly the expected completion alone at the top. */
export function matchesGold(ranking: string[][] | null, gold: GoldAnswer): boolean {
  const top = ranking?.[0];
  return Boolean(top && top.length === 1 && top[0] === gold.best);
}

export function isGoldAnswer(value: unknown): value is GoldAnswer {
  return typeof value === "object" && value !== null && typeof (value as GoldAnswer).best === "string";
}
