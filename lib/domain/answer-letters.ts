import { letterFor, rankingAsText } from "@/lib/domain/ranking-text";

/** A completion's letter for one reader. */
export type LetterOf = (completionId: string) => string;

/**
 * The letter a labeler saw a completion under: its place in the display order stored with
 * their answer (the labeling page names replies A, B ... in that order). Null when it was
 * not shown to them.
 */
export function theirLetterOf(displayOrder: readonly string[]): (completionId: string) => string | null {
  const places = new Map(displayOrder.map((id, index) => [id, index]));
  return (id) => {
    const place = places.get(id);
    return place === undefined ? null : letterFor(place);
  };
}

export interface AnswerLetters {
  displayOrder: readonly string[];
  ranking: string[][] | null;
  ratings: Record<string, number> | null;
  flags: Record<string, string[]> | null;
  /** The completion a rewrite was made from. */
  rewriteOf: string | null;
}

export interface AnswerInLetters {
  /** "B (their A) > A (their B)" */
  ranking: string | null;
  /** "A (their B) 3, B (their A) 6" */
  ratings: string | null;
  /** "A (their B): hallucination; ..." */
  flags: string | null;
  rewriteOf: string | null;
  /** "their A = B, their B = A": to read the labeler's comment, which uses their letters. */
  legend: string | null;
}

/**
 * One labeler's answer written for an admin: every completion under its canonical letter
 * (import position) with the letter this labeler saw beside it, so that a comment such as
 * "Reply B states a wrong number" can be matched to the reply it means.
 */
export function answerInLetters(answer: AnswerLetters, canonical: LetterOf): AnswerInLetters {
  const theirs = theirLetterOf(answer.displayOrder);
  const both: LetterOf = (id) => {
    const their = theirs(id);
    return their === null ? canonical(id) : `${canonical(id)} (their ${their})`;
  };
  // Ratings and flags in canonical order, so that answers line up when read one under another.
  const byCanonical = <T>(record: Record<string, T> | null) =>
    record && Object.keys(record).length
      ? Object.entries(record).sort(([a], [b]) => canonical(a).localeCompare(canonical(b)))
      : null;
  const ratings = byCanonical(answer.ratings);
  const flags = byCanonical(answer.flags);
  return {
    ranking: answer.ranking ? rankingAsText(answer.ranking, both) : null,
    ratings: ratings ? ratings.map(([id, score]) => `${both(id)} ${score}`).join(", ") : null,
    flags: flags ? flags.map(([id, list]) => `${both(id)}: ${list.join(", ")}`).join("; ") : null,
    rewriteOf: answer.rewriteOf ? both(answer.rewriteOf) : null,
    legend: answer.displayOrder.length
      ? answer.displayOrder.map((id, index) => `their ${letterFor(index)} = ${canonical(id)}`).join(", ")
      : null,
  };
}
