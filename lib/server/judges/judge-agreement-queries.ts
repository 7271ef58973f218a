import "server-only";
import { z } from "zod";
import type { JudgedItem } from "@/lib/domain/judges/judge-pairs";
import type { SwapCounts } from "@/lib/domain/judges/swap-consistency";
import { queryRow, queryRows, type Queryable } from "@/lib/server/db/query";

// Judge–human agreement's reads. The swap counts are summed in SQL; the judged items come back
// one compact row each (ids, models, lengths and rankings, never a text), ~300 bytes an item,
// so a 10,000-item project is a few MB; the texts of the disagreements shown are read per page.

const count = z.number().int().nonnegative();

/** Tie groups of completion ids; anything else stored there is no ranking (null: not guessed). */
const tieGroups = z.array(z.array(z.string())).nullable().catch(null);

export const judgeRow = z.object({ id: z.string(), name: z.string() });

/** The project's judges, by name. */
export function projectJudges(db: Queryable, projectId: string) {
  return queryRows(db, judgeRow, "SELECT id::text, name FROM judges WHERE project_id = $1 ORDER BY name", [projectId]);
}

const swapRow = z
  .object({
    items: count,
    both_parsed: count,
    consistent: count,
    unparsed_orders: count,
    failed_orders: count,
    missing_orders: count,
  })
  .transform((r): SwapCounts => ({
    items: r.items,
    bothParsed: r.both_parsed,
    consistent: r.consistent,
    unparsedOrders: r.unparsed_orders,
    failedOrders: r.failed_orders,
    missingOrders: r.missing_orders,
  }));

/**
 * Per judged item, its two orders in the run that made its annotation: parsed when the verdict
 * has a ranking, consistent when both rankings are the same. Set-based: each parsed ranking is
 * expanded to (completion, tie group number) once, and two rankings are the same when they
 * place the same completions in the same groups (a group listed in another order is the same
 * group), which a join counts without a subquery per verdict.
 */
export async function swapCounts(db: Queryable, judgeId: string): Promise<SwapCounts> {
  const row = await queryRow(
    db,
    swapRow,
    `WITH orders AS (
       SELECT ja.item_id, s.swap, v.id IS NOT NULL AS recorded, v.parse_error IS NOT NULL AS unparsed,
              jsonb_typeof(v.ranking) = 'array' AS parsed, v.ranking
         FROM judge_annotations ja CROSS JOIN (VALUES (0), (1)) s(swap)
         LEFT JOIN judge_verdicts v ON v.run_id = ja.run_id AND v.item_id = ja.item_id AND v.swap = s.swap
        WHERE ja.judge_id = $1
     ), placed AS (
       SELECT o.item_id, o.swap, e.id, g.ord
         FROM orders o
        CROSS JOIN LATERAL jsonb_array_elements(o.ranking) WITH ORDINALITY g(ids, ord)
        CROSS JOIN LATERAL jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(g.ids) = 'array' THEN g.ids ELSE '[]'::jsonb END) e(id)
        WHERE o.parsed
     ), differing AS (
       SELECT DISTINCT coalesce(a.item_id, b.item_id) AS item_id
         FROM (SELECT * FROM placed WHERE swap = 0) a
         FULL JOIN (SELECT * FROM placed WHERE swap = 1) b ON b.item_id = a.item_id AND b.id = a.id
        WHERE a.ord IS DISTINCT FROM b.ord
     ), items AS (
       SELECT item_id, count(*) FILTER (WHERE parsed) = 2 AS both_parsed,
              count(*) FILTER (WHERE unparsed) AS unparsed,
              count(*) FILTER (WHERE recorded AND NOT unparsed AND parsed IS NOT TRUE) AS failed,
              count(*) FILTER (WHERE NOT recorded) AS missing
         FROM orders GROUP BY item_id
     )
     SELECT count(*)::int AS items, count(*) FILTER (WHERE both_parsed)::int AS both_parsed,
            count(*) FILTER (WHERE both_parsed AND item_id NOT IN (SELECT item_id FROM differing))::int AS consistent,
            coalesce(sum(unparsed), 0)::int AS unparsed_orders, coalesce(sum(failed), 0)::int AS failed_orders,
            coalesce(sum(missing), 0)::int AS missing_orders
       FROM items`,
    [judgeId],
  );
  return row!;
}

const judgedItemRow = z
  .object({
    item_id: z.string(),
    number: count,
    prompt_length: count,
    judge: tieGroups,
    completions: z.array(z.object({ id: z.string(), model: z.string().nullable(), length: count })),
    humans: z.array(z.object({ ranking: tieGroups, flags: z.array(z.string()) })),
  })
  .transform((r): JudgedItem => ({
    itemId: r.item_id,
    number: r.number,
    promptLength: r.prompt_length,
    judge: r.judge,
    completions: r.completions,
    humans: r.humans.flatMap((h) => (h.ranking ? [{ ranking: h.ranking, flags: h.flags }] : [])),
  }));

/**
 * Every item the judge annotated, with its own completions (models, lengths in characters),
 * the judge's combined ranking and the human answers that ranked it (each with the flags it set
 * on any completion), in item number order.
 */
export function judgedItems(db: Queryable, judgeId: string) {
  return queryRows(
    db,
    judgedItemRow,
    `SELECT i.id::text AS item_id, i.number, ja.ranking AS judge,
            (SELECT coalesce(sum(char_length(m ->> 'content')), 0)::int
               FROM jsonb_array_elements(CASE WHEN jsonb_typeof(i.messages) = 'array' THEN i.messages ELSE '[]'::jsonb END) m)
              AS prompt_length,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'model', c.model, 'length', char_length(c.text))
                                       ORDER BY c.position), '[]'::jsonb)
               FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL) AS completions,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('ranking', a.ranking, 'flags',
                      (SELECT coalesce(jsonb_agg(DISTINCT f), '[]'::jsonb)
                         FROM jsonb_each(CASE WHEN jsonb_typeof(a.flags) = 'object' THEN a.flags ELSE '{}'::jsonb END) e
                        CROSS JOIN LATERAL jsonb_array_elements_text(
                                CASE WHEN jsonb_typeof(e.value) = 'array' THEN e.value ELSE '[]'::jsonb END) f))
                      ORDER BY a.created_at), '[]'::jsonb)
               FROM annotations a WHERE a.item_id = i.id AND a.ranking IS NOT NULL) AS humans
       FROM judge_annotations ja JOIN items i ON i.id = ja.item_id
      WHERE ja.judge_id = $1
      ORDER BY i.number`,
    [judgeId],
  );
}

const disagreementTextRow = z
  .object({
    item_id: z.string(),
    rationale: z.string().nullable(),
    prompt: z.string().nullable(),
    completions: z.array(z.object({ id: z.string(), text: z.string() })),
  })
  .transform((r) => ({
    itemId: r.item_id,
    rationale: r.rationale,
    prompt: r.prompt ?? "",
    completions: r.completions,
  }));

/** The texts one page of disagreements shows: the judge's rationale, the prompt's last message and the completions, each cut to `chars`. */
export function disagreementTexts(db: Queryable, judgeId: string, itemIds: string[], chars: number) {
  return queryRows(
    db,
    disagreementTextRow,
    `SELECT i.id::text AS item_id, left(ja.rationale, $3) AS rationale,
            left(CASE WHEN jsonb_typeof(i.messages) = 'array' THEN i.messages -> -1 ->> 'content' END, $3) AS prompt,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('id', c.id, 'text', left(c.text, $3)) ORDER BY c.position), '[]'::jsonb)
               FROM completions c WHERE c.item_id = i.id AND c.position IS NOT NULL) AS completions
       FROM judge_annotations ja JOIN items i ON i.id = ja.item_id
      WHERE ja.judge_id = $1 AND ja.item_id = ANY($2::uuid[])`,
    [judgeId, itemIds, chars],
  );
}
