import "server-only";
import { z } from "zod";
import { queryRows, type Queryable } from "@/lib/server/db/query";

const workRow = z
  .object({
    labeler_id: z.string(),
    email: z.string(),
    answers: z.number(),
    active_ms: z.number(),
    preference_pairs: z.number(),
    demonstrations: z.number(),
  })
  .transform((r) => ({
    labelerId: r.labeler_id,
    email: r.email,
    answers: r.answers,
    activeMs: r.active_ms,
    preferencePairs: r.preference_pairs,
    demonstrations: r.demonstrations,
  }));

/**
 * Each labeler's submitted answers in a project, summed (lib/domain/quality/cost.ts): time from
 * annotations.time_spent_ms (drafts and skips have none of their own; an edit adds its time to
 * its answer's), preference pairs as pairsOfRanking counts them — K completions in groups of
 * sizes g give (K² − Σg²)/2 pairs — and a demonstration project's answers as demonstrations.
 * Pairs and demonstrations count what the default export keeps: answers to quality checks (gold
 * items with a role) give none, and a demonstration waiting for review or rejected by a reviewer
 * is not accepted (docs/QUALITY.md "Review of demonstrations"). Their time still counts.
 */
export function labelerWork(db: Queryable, projectId: string) {
  return queryRows(
    db,
    workRow,
    `SELECT a.labeler_id, u.email, count(*)::int AS answers,
            COALESCE(sum(GREATEST(a.time_spent_ms, 0)), 0)::float8 AS active_ms,
            COALESCE(sum(pp.pairs) FILTER (WHERE i.gold_role IS NULL), 0)::int AS preference_pairs,
            (count(*) FILTER (WHERE p.kind = 'demonstration' AND i.gold_role IS NULL
                                AND NOT EXISTS (SELECT 1 FROM demonstration_reviews r
                                                 WHERE r.annotation_id = a.id
                                                   AND r.status IN ('pending', 'rejected'))))::int AS demonstrations
       FROM annotations a
       JOIN projects p ON p.id = a.project_id
       JOIN items i ON i.id = a.item_id
       JOIN users u ON u.id = a.labeler_id
       CROSS JOIN LATERAL (
         SELECT ((sum(g.n) * sum(g.n) - sum(g.n * g.n)) / 2)::int AS pairs
           FROM (SELECT jsonb_array_length(e) AS n
                   FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a.ranking) = 'array' THEN a.ranking
                                                  ELSE '[]'::jsonb END) e) g
       ) pp
      WHERE a.project_id = $1::uuid
      GROUP BY a.labeler_id, u.email
      ORDER BY u.email`,
    [projectId],
  );
}
