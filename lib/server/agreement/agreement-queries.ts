import "server-only";
import { z } from "zod";
import { LIKERT_SCORES } from "@/lib/domain/agreement/item-stats";
import type { AlphaState } from "@/lib/domain/agreement/krippendorff";
import { isCurrentStats } from "@/lib/server/agreement/item-stats-queries";
import { pool } from "@/lib/server/db/client";

// The agreement report's aggregate queries over what items store (items.agreement_stats,
// lib/domain/agreement/item-stats.ts) and over the answers. Each returns few rows (one per
// distinct value), parsed here. Stats of another version are left out everywhere: they are
// counted as stale (item-stats-queries.ts) until the refresh rewrites them. Quality checks
// (gold items with a role: qualification, training, attention; docs/QUALITY.md) are left out
// of every figure but gold accuracy: every labeler answers them, against a known answer.

/**
 * SQL: a project's items with `s`, their stats if of the current version (else NULL). The
 * queries that expand the stats filter this way rather than in their WHERE: the planner
 * cannot estimate the version test there and picks a sort that spills on a large project.
 */
const ITEMS_WITH_CURRENT_STATS = `(SELECT id, CASE WHEN ${isCurrentStats()} THEN agreement_stats END AS s
                                     FROM items WHERE project_id = $1 AND gold_role IS NULL)`;

async function rowsOf<T extends z.ZodType>(schema: T, sql: string, params: unknown[]): Promise<z.infer<T>[]> {
  const { rows } = await pool().query(sql, params);
  return z.array(schema).parse(rows);
}

const pairPatternRow = z.object({ comparisons: z.number(), agreeing: z.number(), ties: z.number(), n: z.number() });

/** Items' pairwise counts, grouped: n items compared `comparisons` pairs and agreed on `agreeing`. */
export function pairPatterns(projectId: string) {
  return rowsOf(
    pairPatternRow,
    `SELECT (agreement_stats ->> 'comparisons')::int AS comparisons, (agreement_stats ->> 'agreeing')::int AS agreeing,
            (agreement_stats ->> 'ties')::int AS ties, count(*)::int AS n
       FROM items WHERE project_id = $1 AND gold_role IS NULL AND ${isCurrentStats()}
        AND (agreement_stats ->> 'comparisons')::int > 0
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    [projectId],
  );
}

const alphaCellRow = z.object({
  which: z.enum(["winner", "likert"]),
  a: z.string(),
  b: z.string(),
  weight: z.number(),
});

/**
 * The Krippendorff coincidence matrices of both alphas (winner, Likert), summed over the
 * items: `cells[a][b]`, values by their text (AlphaState).
 */
export async function alphaCells(projectId: string): Promise<Record<"winner" | "likert", AlphaState["cells"]>> {
  const rows = await rowsOf(
    alphaCellRow,
    `SELECT w.which, a.key AS a, b.key AS b, sum(b.value::float8) AS weight
       FROM ${ITEMS_WITH_CURRENT_STATS} i CROSS JOIN LATERAL (VALUES ('winner'), ('likert')) w(which)
       CROSS JOIN LATERAL jsonb_each(i.s -> w.which -> 'cells') a CROSS JOIN LATERAL jsonb_each(a.value) b
      WHERE jsonb_typeof(i.s -> w.which) = 'object'
      GROUP BY 1, 2, 3`,
    [projectId],
  );
  const cells: Record<"winner" | "likert", AlphaState["cells"]> = { winner: {}, likert: {} };
  for (const { which, a, b, weight } of rows) (cells[which][a] ??= {})[b] = weight;
  return cells;
}

const statsSumsRow = z
  .object({
    winner_units: z.number(),
    winner_pairable: z.number(),
    likert_units: z.number(),
    likert_pairable: z.number(),
    likert_counts: z.array(z.number()).length(LIKERT_SCORES.length),
  })
  .transform((r) => ({
    winner: { units: r.winner_units, pairableUnits: r.winner_pairable },
    likert: { units: r.likert_units, pairableUnits: r.likert_pairable },
    /** Scores 1..7 given (index 0 = score 1). */
    likertCounts: r.likert_counts,
  }));

/** One scan of the items for the unit counts of both alphas and the Likert histogram. */
export async function statsSums(projectId: string) {
  const counts = LIKERT_SCORES.map((k) => `coalesce(sum((s -> 'likertCounts' ->> '${k}')::int), 0)::int`);
  const [row] = await rowsOf(
    statsSumsRow,
    `SELECT coalesce(sum((s -> 'winner' ->> 'units')::int), 0)::int AS winner_units,
            coalesce(sum((s -> 'winner' ->> 'pairableUnits')::int), 0)::int AS winner_pairable,
            coalesce(sum((s -> 'likert' ->> 'units')::int), 0)::int AS likert_units,
            coalesce(sum((s -> 'likert' ->> 'pairableUnits')::int), 0)::int AS likert_pairable,
            ARRAY[${counts.join(", ")}] AS likert_counts
       FROM (SELECT agreement_stats AS s FROM items
              WHERE project_id = $1 AND gold_role IS NULL AND ${isCurrentStats()}) i`,
    [projectId],
  );
  return row!;
}

/** How many (answer, completion) judgements carry each flag. */
export function flagCounts(projectId: string) {
  return rowsOf(
    z.object({ flag: z.string(), n: z.number() }),
    `SELECT f AS flag, count(*)::int AS n
       FROM annotations a JOIN items i ON i.id = a.item_id
       CROSS JOIN LATERAL jsonb_each(a.flags) e CROSS JOIN LATERAL jsonb_array_elements_text(e.value) f
      WHERE a.project_id = $1 AND i.gold_role IS NULL AND a.flags IS NOT NULL AND jsonb_typeof(a.flags) = 'object'
        AND jsonb_typeof(e.value) = 'array'
      GROUP BY 1`,
    [projectId],
  );
}

/** Items with at least one answer. */
export async function answeredItems(projectId: string): Promise<number> {
  const [row] = await rowsOf(
    z.object({ items: z.number() }),
    `SELECT count(*)::int AS items FROM items i
      WHERE i.project_id = $1 AND i.gold_role IS NULL AND EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id)`,
    [projectId],
  );
  return row!.items;
}

// A gold answer that is not {best} is no gold answer (lib/domain/gold.ts skips it), not an error.
const goldRow = z
  .object({
    labeler_id: z.string(),
    top: z.array(z.string()).nullable(),
    gold: z.object({ best: z.string() }).nullable().catch(null),
    n: z.number(),
  })
  .transform((r) => ({ labelerId: r.labeler_id, top: r.top, gold: r.gold, times: r.n }));

/**
 * Answers on gold items (quality checks included) grouped by labeler and top group;
 * lib/domain/gold.ts scores them.
 */
export function goldAnswers(projectId: string) {
  return rowsOf(
    goldRow,
    `SELECT a.labeler_id, a.ranking -> 0 AS top, i.gold_answer AS gold, count(*)::int AS n
       FROM annotations a JOIN items i ON i.id = a.item_id
      WHERE a.project_id = $1 AND i.is_gold AND i.gold_answer IS NOT NULL
      GROUP BY 1, 2, 3`,
    [projectId],
  );
}

/** Items by their stored pairwise agreement, in bins 0..9 ([0, 0.1) ... [0.9, 1]). */
export function agreementBins(projectId: string) {
  return rowsOf(
    z.object({ bin: z.number(), n: z.number() }),
    `SELECT least(floor(agreement * 10), 9)::int AS bin, count(*)::int AS n FROM items
      WHERE project_id = $1 AND gold_role IS NULL AND agreement IS NOT NULL GROUP BY 1`,
    [projectId],
  );
}

/** Users' emails by id. */
export async function emailsOf(userIds: string[]): Promise<Map<string, string>> {
  const rows = await rowsOf(
    z.object({ id: z.string(), email: z.string() }),
    "SELECT id, email FROM users WHERE id = ANY($1)",
    [userIds],
  );
  return new Map(rows.map((r) => [r.id, r.email]));
}

const answerGroupRow = z
  .object({
    labeler_id: z.string(),
    top_size: z.number(),
    top_is_first: z.boolean(),
    shown: z.number(),
    answers: z.number(),
    ranked: z.number(),
    rated: z.number(),
  })
  .transform((r) => ({
    labelerId: r.labeler_id,
    position: { topSize: r.top_size, topIsFirstShown: r.top_is_first, shown: r.shown },
    answers: r.answers,
    ranked: r.ranked,
    rated: r.rated,
  }));

/**
 * A project's answers (or one labeler's) grouped by labeler and by what position bias needs
 * of an answer (lib/domain addPosition decides what counts).
 */
export function labelerAnswerGroups(projectId: string, labelerId: string | null) {
  return rowsOf(
    answerGroupRow,
    `SELECT labeler_id, coalesce(jsonb_array_length(ranking -> 0), 0)::int AS top_size,
            coalesce(ranking -> 0 ->> 0 = display_order[1], false) AS top_is_first,
            coalesce(cardinality(display_order), 0)::int AS shown,
            count(*)::int AS answers, count(ranking)::int AS ranked,
            count(*) FILTER (WHERE ratings IS NOT NULL AND ratings <> '{}'::jsonb)::int AS rated
       FROM annotations a
      WHERE a.project_id = $1 AND ($2::uuid IS NULL OR a.labeler_id = $2::uuid)
        AND NOT EXISTS (SELECT 1 FROM items i WHERE i.id = a.item_id AND i.gold_role IS NOT NULL)
      GROUP BY 1, 2, 3, 4`,
    [projectId, labelerId],
  );
}

const storedLabelerRow = z
  .object({
    labeler_id: z.string(),
    loo_pairs: z.number(),
    loo_agree: z.number(),
    length_pairs: z.number(),
    longer: z.number(),
  })
  .transform((r) => ({
    labelerId: r.labeler_id,
    looPairs: r.loo_pairs,
    looAgree: r.loo_agree,
    lengthPairs: r.length_pairs,
    longer: r.longer,
  }));

/**
 * Each labeler's leave-one-out and length counts summed over what the items store; for one
 * labeler, only the items they answered are read.
 */
export function storedLabelerCounts(projectId: string, labelerId: string | null) {
  return rowsOf(
    storedLabelerRow,
    `SELECT e.key AS labeler_id, sum((e.value ->> 'looPairs')::int)::int AS loo_pairs,
            sum((e.value ->> 'looAgree')::int)::int AS loo_agree,
            sum((e.value ->> 'lengthPairs')::int)::int AS length_pairs, sum((e.value ->> 'longer')::int)::int AS longer
       FROM ${ITEMS_WITH_CURRENT_STATS} i CROSS JOIN LATERAL jsonb_each(i.s -> 'labelers') e
      WHERE jsonb_typeof(i.s -> 'labelers') = 'object'
        AND ($2::uuid IS NULL OR (e.key = $2::uuid::text
             AND i.id IN (SELECT item_id FROM annotations WHERE project_id = $1 AND labeler_id = $2::uuid)))
      GROUP BY 1`,
    [projectId, labelerId],
  );
}
