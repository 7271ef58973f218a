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

export interface GoldScore {
  /** Answers given on gold items (with a gold answer to check against). */
  answered: number;
  correct: number;
  accuracy: number | null;
}

/** A labeler's answer on a gold item: its ranking (the top group is enough) and the item's stored gold answer. */
export interface GoldAttempt {
  ranking: string[][] | null;
  gold: unknown;
  /** How many identical answers this stands for (a caller that groups them); 1 by default. */
  times?: number;
}

/** Gold accuracy of some answers: the one definition the agreement report and the labeler page use. */
export function goldScore(attempts: Iterable<GoldAttempt>): GoldScore {
  let answered = 0;
  let correct = 0;
  for (const { ranking, gold, times = 1 } of attempts) {
    if (!isGoldAnswer(gold)) continue;
    answered += times;
    if (matchesGold(ranking, gold)) correct += times;
  }
  return { answered, correct, accuracy: answered ? correct / answered : null };
}
