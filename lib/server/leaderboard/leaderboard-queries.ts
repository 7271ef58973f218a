import "server-only";
import { z } from "zod";
import type { PairCounts } from "@/lib/domain/leaderboard/pair-outcomes";
import type { ModelLength } from "@/lib/domain/leaderboard/leaderboard";
import { pool } from "@/lib/server/db/client";

// The leaderboard's two aggregate queries. Neither returns an answer: PostgreSQL expands each
// ranking into its pairs of completions by different models and sums the outcomes per
// (cluster of items, model a, model b), so what reaches Node is at most
// clusters × model pairs rows, however many answers the project has.

const count = z.number().int().nonnegative();

const clusterPairRow = z.object({
  cluster: count,
  a: z.string(),
  b: z.string(),
  wins_a: count,
  wins_b: count,
  ties: count,
});

/**
 * Outcomes between models summed per cluster of items: the project's items in id order
 * (random order: ids are random), dealt round robin into `clusters` clusters, so that each
 * item is its own cluster while there are fewer items than clusters. Per answer, a ranking's
 * tie groups are numbered best first; each pair of placed completions by two different models
 * is one comparison (the better group wins, the same group ties). Only imported or generated
 * completions count (position set: a labeler's rewrite has none) and only those naming a model.
 * Quality checks (gold items with a role, docs/QUALITY.md) are left out.
 */
export async function modelPairsByCluster(projectId: string, clusters: number): Promise<PairCounts[][]> {
  const { rows } = await pool().query(
    `WITH clusters AS (
       SELECT id AS item_id, ((row_number() OVER (ORDER BY id)) - 1) % $2 AS cluster
         FROM items WHERE project_id = $1 AND gold_role IS NULL
     ), placed AS (
       SELECT a.id AS answer_id, a.item_id, g.ord AS grp, c.model
         FROM annotations a
        CROSS JOIN LATERAL jsonb_array_elements(
                CASE WHEN jsonb_typeof(a.ranking) = 'array' THEN a.ranking ELSE '[]'::jsonb END) WITH ORDINALITY AS g(ids, ord)
        CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(g.ids) = 'array' THEN g.ids ELSE '[]'::jsonb END) AS e(completion_id)
         JOIN completions c ON c.item_id = a.item_id AND c.id::text = e.completion_id
        WHERE a.project_id = $1 AND c.position IS NOT NULL AND c.model IS NOT NULL
     )
     SELECT k.cluster::int AS cluster, x.model AS a, y.model AS b,
            count(*) FILTER (WHERE x.grp < y.grp)::int AS wins_a,
            count(*) FILTER (WHERE x.grp > y.grp)::int AS wins_b,
            count(*) FILTER (WHERE x.grp = y.grp)::int AS ties
       FROM placed x
       JOIN placed y ON y.answer_id = x.answer_id AND x.model < y.model
       -- Quality checks have no cluster: their answers drop out here.
       JOIN clusters k ON k.item_id = x.item_id
      GROUP BY 1, 2, 3
      ORDER BY 1, 2, 3`,
    [projectId, clusters],
  );
  const byCluster = new Map<number, PairCounts[]>();
  for (const r of z.array(clusterPairRow).parse(rows)) {
    const list = byCluster.get(r.cluster) ?? [];
    list.push({ a: r.a, b: r.b, winsA: r.wins_a, winsB: r.wins_b, ties: r.ties });
    byCluster.set(r.cluster, list);
  }
  return [...byCluster.values()];
}

const modelLengthRow = z.object({ model: z.string(), completions: count, mean_length: z.number().nonnegative() });

/** Per model named by the project's completions (rewrites and quality checks left out): how many, and their mean length in characters. */
export async function modelLengths(projectId: string): Promise<ModelLength[]> {
  const { rows } = await pool().query(
    `SELECT c.model, count(*)::int AS completions, avg(char_length(c.text))::float8 AS mean_length
       FROM items i JOIN completions c ON c.item_id = i.id
      WHERE i.project_id = $1 AND i.gold_role IS NULL AND c.position IS NOT NULL AND c.model IS NOT NULL
      GROUP BY c.model ORDER BY c.model`,
    [projectId],
  );
  return z
    .array(modelLengthRow)
    .parse(rows)
    .map((r) => ({ model: r.model, completions: r.completions, meanLength: r.mean_length }));
}
