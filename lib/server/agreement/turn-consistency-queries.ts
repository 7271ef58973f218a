import "server-only";
import { z } from "zod";
import type { ReviewedTurn } from "@/lib/domain/agreement/turn-consistency";
import { queryRows, type Queryable } from "@/lib/server/db/query";
import { storedRankingSchema } from "@/lib/validation/stored-json";

// The reviewed turns of a conversation project (lib/server/conversations/turn-review.ts put
// them into the review project as items): the original choice from the item's metadata, the
// reviewers' answers with their completion ids turned into positions.

const reviewedTurnRow = z
  .object({
    item_id: z.string(),
    original_labeler: z.string(),
    original_ranking: z.array(z.array(z.number().int())),
    positions: z.record(z.string(), z.number().int()),
    reviews: z.array(z.object({ labeler: z.string(), ranking: storedRankingSchema })),
  })
  .transform((r): ReviewedTurn => ({
    unit: r.item_id,
    original: { labeler: r.original_labeler, ranking: r.original_ranking },
    reviews: r.reviews.map((a) => ({
      labeler: a.labeler,
      // A rewrite's completion (no position) is not one of the turn's replies: left out.
      ranking: a.ranking
        .map((group) => group.map((id) => r.positions[id]).filter((p): p is number => p !== undefined))
        .filter((group) => group.length > 0),
    })),
  }));

export function selectReviewedTurns(db: Queryable, projectId: string) {
  return queryRows(
    db,
    reviewedTurnRow,
    `SELECT i.id AS item_id, i.metadata ->> 'originalLabeler' AS original_labeler,
            i.metadata -> 'originalRanking' AS original_ranking,
            COALESCE((SELECT jsonb_object_agg(co.id::text, co.position) FROM completions co
                       WHERE co.item_id = i.id AND co.position IS NOT NULL), '{}') AS positions,
            COALESCE((SELECT jsonb_agg(jsonb_build_object('labeler', a.labeler_id::text, 'ranking', a.ranking)
                                       ORDER BY a.created_at)
                        FROM annotations a WHERE a.item_id = i.id AND a.ranking IS NOT NULL), '[]') AS reviews
       FROM conversation_turns t
       JOIN conversations c ON c.id = t.conversation_id
       JOIN items i ON i.id = t.review_item_id
      WHERE c.project_id = $1::uuid AND jsonb_typeof(i.metadata -> 'originalRanking') = 'array'
      ORDER BY t.chosen_at, t.id`,
    [projectId],
  );
}
