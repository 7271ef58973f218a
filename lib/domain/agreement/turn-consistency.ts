// Turn consistency (docs/CONVERSATIONS.md, "Agreement"): how often other labelers, answering a
// conversation's turn again as an ordinary comparison or ranking item, choose what the labeler
// chose in the conversation. Units are reviewed turns; coders are the original labeler and the
// reviewers; the value is the best group (which reply won, or which tied), nominal.
import { krippendorffAlpha, type AlphaResult, type Rating } from "@/lib/domain/agreement/krippendorff";

export interface ReviewedTurn {
  /** The review item (one per sampled turn). */
  unit: string;
  original: { labeler: string; ranking: number[][] };
  /** Reviewers' rankings, over the same replies by position (0-based). */
  reviews: { labeler: string; ranking: number[][] }[];
}

export interface TurnConsistency {
  /** Turns sent to the review project. */
  sampledTurns: number;
  /** Sampled turns that at least one reviewer answered. */
  reviewedTurns: number;
  reviews: number;
  /** Reviews whose best reply (or tied best) is the original's. */
  agreeingReviews: number;
  /** agreeingReviews / reviews; null with no review. */
  agreementShare: number | null;
  /** Krippendorff's alpha (nominal) on the best group, the original labeler counted as a coder. */
  alpha: AlphaResult | null;
}

/** The best group as a value: "1" (the second reply won), "0,1" (the first two tied best). */
export const bestOf = (ranking: number[][]): string | null =>
  ranking[0]?.length ? [...ranking[0]].sort((a, b) => a - b).join(",") : null;

export function turnConsistency(turns: ReviewedTurn[]): TurnConsistency {
  const ratings: Rating[] = [];
  let reviews = 0;
  let agreeing = 0;
  let reviewed = 0;
  for (const turn of turns) {
    const original = bestOf(turn.original.ranking);
    const answered = turn.reviews.filter((r) => bestOf(r.ranking) !== null && r.labeler !== turn.original.labeler);
    if (answered.length === 0 || original === null) continue;
    reviewed += 1;
    ratings.push({ unit: turn.unit, coder: turn.original.labeler, value: original });
    for (const r of answered) {
      const best = bestOf(r.ranking)!;
      reviews += 1;
      if (best === original) agreeing += 1;
      ratings.push({ unit: turn.unit, coder: r.labeler, value: best });
    }
  }
  return {
    sampledTurns: turns.length,
    reviewedTurns: reviewed,
    reviews,
    agreeingReviews: agreeing,
    agreementShare: reviews ? agreeing / reviews : null,
    alpha: reviewed ? krippendorffAlpha(ratings, "nominal") : null,
  };
}
