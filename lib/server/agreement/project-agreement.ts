import "server-only";
import type { QueryResultRow } from "pg";
import { AlphaAccumulator, type AlphaResult, type Value } from "@/lib/domain/agreement/krippendorff";
import {
  addPosition,
  flagLowAgreement,
  qualityOf,
  type LabelerQuality,
  type QualityCounts,
} from "@/lib/domain/agreement/labeler-quality";
import { goldScore, type GoldAttempt, type GoldScore } from "@/lib/domain/gold";
import { pooledPairwiseAgreement, type ProjectAgreement } from "@/lib/domain/agreement/pairwise-project";
import { staleAgreementItems } from "@/lib/server/agreement/item-stats";
import { pool } from "@/lib/server/db/client";
import { requireProject } from "@/lib/server/projects/require-project";

export interface AgreementReport {
  project: string;
  kind: string;
  annotations: number;
  itemsWithAnswers: number;
  /** Items whose stored stats miss an answer: left out of the figures until the refresh reaches them. */
  staleItems: number;
  /** InstructGPT-style pairwise preference agreement with a 95% bootstrap interval. */
  pairwise: ProjectAgreement | null;
  /** Krippendorff's alpha on which completion won (comparisons: A, B or tie). */
  winnerAlpha: AlphaResult | null;
  /** Krippendorff's alpha (interval) on Likert ratings, units = (item, completion). */
  likertAlpha: AlphaResult | null;
  /** Share of (answer, completion) judgements that carry each flag. */
  flagRates: Record<string, number>;
  /** Scores 1..7 given (index 0 = score 1). */
  likertCounts: number[];
  /** Items by their stored pairwise agreement in ten bins [0, 0.1) ... [0.9, 1]. */
  itemAgreementBins: number[];
  /** Per labeler (by email): agreement with the others' consensus, gold accuracy, position and length bias. */
  labelers: (LabelerQuality & { email: string; gold: GoldScore })[];
}

/**
 * The agreement report of a project, summed from what each item stores when it is
 * answered (lib/domain/agreement/item-stats.ts) by a handful of aggregate queries side by
 * side. Its cost grows with the number of distinct values, not with the number of answers
 * held in memory. A read only: items whose stored stats miss an answer are counted
 * (staleItems), and repaired by refreshStaleAgreementStats, never here.
 */
export async function projectAgreement(slug: string): Promise<AgreementReport> {
  const project = await requireProject(slug);
  const q = <T extends object>(sql: string) =>
    pool()
      .query<T & QueryResultRow>(sql, [project.id])
      .then((r) => r.rows);
  const [stale, patterns, cells, itemSums, perLabeler, flagRows, answered, gold, bins] = await Promise.all([
    staleAgreementItems(project.id),
    q<{ comparisons: number; agreeing: number; ties: number; n: number }>(
      `SELECT (agreement_stats ->> 'comparisons')::int AS comparisons, (agreement_stats ->> 'agreeing')::int AS agreeing,
              (agreement_stats ->> 'ties')::int AS ties, count(*)::int AS n
         FROM items WHERE project_id = $1 AND (agreement_stats ->> 'comparisons')::int > 0
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    ),
    q<{ which: "winner" | "likert"; a: Value; b: Value; weight: number }>(
      `SELECT w.which, c -> 0 AS a, c -> 1 AS b, sum((c ->> 2)::float8) AS weight
         FROM items i CROSS JOIN LATERAL (VALUES ('winner'), ('likert')) w(which)
         CROSS JOIN LATERAL jsonb_array_elements(i.agreement_stats -> w.which -> 'cells') c
        WHERE i.project_id = $1 AND jsonb_typeof(i.agreement_stats -> w.which) = 'object'
        GROUP BY 1, 2, 3`,
    ),
    // One scan of the items for the unit counts of both alphas and the Likert histogram.
    q<{
      winner_units: number;
      winner_pairable: number;
      likert_units: number;
      likert_pairable: number;
      likert: number[];
    }>(
      `SELECT coalesce(sum((s -> 'winner' ->> 'units')::int), 0)::int AS winner_units,
              coalesce(sum((s -> 'winner' ->> 'pairableUnits')::int), 0)::int AS winner_pairable,
              coalesce(sum((s -> 'likert' ->> 'units')::int), 0)::int AS likert_units,
              coalesce(sum((s -> 'likert' ->> 'pairableUnits')::int), 0)::int AS likert_pairable,
              ARRAY[${[0, 1, 2, 3, 4, 5, 6].map((k) => `coalesce(sum((s -> 'likertCounts' ->> ${k})::int), 0)::int`).join(", ")}] AS likert
         FROM (SELECT agreement_stats AS s FROM items WHERE project_id = $1 AND agreement_stats IS NOT NULL) i`,
    ),
    labelerCounts(project.id),
    q<{ flag: string; n: number }>(
      `SELECT f AS flag, count(*)::int AS n
         FROM annotations a CROSS JOIN LATERAL jsonb_each(a.flags) e CROSS JOIN LATERAL jsonb_array_elements_text(e.value) f
        WHERE a.project_id = $1 AND a.flags IS NOT NULL AND jsonb_typeof(a.flags) = 'object'
          AND jsonb_typeof(e.value) = 'array'
        GROUP BY 1`,
    ),
    q<{ items: number }>(
      `SELECT count(*)::int AS items FROM items i
        WHERE i.project_id = $1 AND EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = i.id)`,
    ),
    // Answers on gold items grouped by their top group; lib/domain/gold.ts scores them.
    q<{ labeler_id: string; top: string[] | null; gold: unknown; n: number }>(
      `SELECT a.labeler_id, a.ranking -> 0 AS top, i.gold_answer AS gold, count(*)::int AS n
         FROM annotations a JOIN items i ON i.id = a.item_id
        WHERE a.project_id = $1 AND i.is_gold AND i.gold_answer IS NOT NULL
        GROUP BY 1, 2, 3`,
    ),
    q<{ bin: number; n: number }>(
      `SELECT least(floor(agreement * 10), 9)::int AS bin, count(*)::int AS n FROM items
        WHERE project_id = $1 AND agreement IS NOT NULL GROUP BY 1`,
    ),
  ]);
  const { rows: emails } = await pool().query<{ id: string; email: string }>(
    "SELECT id, email FROM users WHERE id = ANY($1)",
    [[...perLabeler.keys()]],
  );
  const sums = itemSums[0]!;
  const alphaUnits = [
    {
      which: "winner",
      units: sums.winner_units,
      pairable: sums.winner_pairable,
      coders: [...perLabeler.values()].filter((l) => l.ranked).length,
    },
    {
      which: "likert",
      units: sums.likert_units,
      pairable: sums.likert_pairable,
      coders: [...perLabeler.values()].filter((l) => l.rated).length,
    },
  ];
  const annotationCount = [...perLabeler.values()].reduce((s, l) => s + l.answers, 0);
  const alphaOf = (which: "winner" | "likert", level: "nominal" | "interval"): AlphaResult | null => {
    const counts = alphaUnits.find((u) => u.which === which);
    if (!counts || counts.units === 0) return null;
    const alpha = new AlphaAccumulator(level);
    alpha.merge({
      units: counts.units,
      pairableUnits: counts.pairable,
      cells: cells.filter((c) => c.which === which).map((c) => [c.a, c.b, c.weight]),
    });
    alpha.setCoders(Array.from({ length: counts.coders }, (_, i) => String(i)));
    return alpha.result();
  };
  const likertCounts = sums.likert;
  const flagCounts = new Map(flagRows.map((f) => [f.flag, f.n]));
  const judged = [...perLabeler.values()].reduce((s, l) => s + l.judged, 0);
  const goldOf = new Map<string, GoldAttempt[]>();
  for (const g of gold) {
    const attempts = goldOf.get(g.labeler_id) ?? [];
    attempts.push({ ranking: g.top === null ? null : [g.top], gold: g.gold, times: g.n });
    goldOf.set(g.labeler_id, attempts);
  }
  const itemAgreementBins = Array.from({ length: 10 }, () => 0);
  for (const b of bins) itemAgreementBins[b.bin] = b.n;
  const emailOf = new Map(emails.map((e) => [e.id, e.email]));
  const pairCounts = patterns.flatMap((p) =>
    Array.from({ length: p.n }, () => ({ comparisons: p.comparisons, agreeing: p.agreeing, withTies: p.ties })),
  );
  return {
    project: slug,
    kind: project.kind,
    annotations: annotationCount,
    itemsWithAnswers: answered[0]!.items,
    staleItems: stale,
    pairwise: pairCounts.length ? pooledPairwiseAgreement(pairCounts) : null,
    winnerAlpha: project.kind === "comparison" ? alphaOf("winner", "nominal") : null,
    likertAlpha: alphaOf("likert", "interval"),
    flagRates: Object.fromEntries(
      (project.flags ?? []).map((flag) => [flag, judged ? (flagCounts.get(flag) ?? 0) / judged : 0]),
    ),
    likertCounts,
    itemAgreementBins,
    labelers: flagLowAgreement([...perLabeler].map(([labeler, counts]) => qualityOf(labeler, counts))).map((q) => ({
      ...q,
      email: emailOf.get(q.labeler) ?? q.labeler,
      gold: goldScore(goldOf.get(q.labeler) ?? []),
    })),
  };
}

/**
 * Each labeler's quality counts in a project (or one labeler's), from their answers
 * (position bias, volumes) and from what each item stores (leave-one-out and length counts).
 */
export async function labelerCounts(
  projectId: string,
  labelerId: string | null = null,
): Promise<Map<string, QualityCounts & { ranked: number; rated: number; judged: number }>> {
  const [{ rows: own }, { rows: loo }] = await Promise.all([
    // Grouped by what position bias needs of an answer (lib/domain addPosition decides what counts).
    pool().query<{
      labeler_id: string;
      top_size: number;
      top_is_first: boolean;
      shown: number;
      answers: number;
      ranked: number;
      rated: number;
    }>(
      `SELECT labeler_id, coalesce(jsonb_array_length(ranking -> 0), 0)::int AS top_size,
              coalesce(ranking -> 0 ->> 0 = display_order[1], false) AS top_is_first,
              coalesce(cardinality(display_order), 0)::int AS shown,
              count(*)::int AS answers, count(ranking)::int AS ranked,
              count(*) FILTER (WHERE ratings IS NOT NULL AND ratings <> '{}'::jsonb)::int AS rated
         FROM annotations WHERE project_id = $1 AND ($2::uuid IS NULL OR labeler_id = $2::uuid)
        GROUP BY 1, 2, 3, 4`,
      [projectId, labelerId],
    ),
    // Stored per labeler with each item; for one labeler, only the items they answered are read.
    pool().query<{ labeler_id: string; loo_pairs: number; loo_agree: number; length_pairs: number; longer: number }>(
      `SELECT e.key AS labeler_id, sum((e.value ->> 0)::int)::int AS loo_pairs, sum((e.value ->> 1)::int)::int AS loo_agree,
              sum((e.value ->> 2)::int)::int AS length_pairs, sum((e.value ->> 3)::int)::int AS longer
         FROM items i CROSS JOIN LATERAL jsonb_each(i.agreement_stats -> 'labelers') e
        WHERE i.project_id = $1 AND jsonb_typeof(i.agreement_stats -> 'labelers') = 'object'
          AND ($2::uuid IS NULL OR (e.key = $2::uuid::text
               AND i.id IN (SELECT item_id FROM annotations WHERE project_id = $1 AND labeler_id = $2::uuid)))
        GROUP BY 1`,
      [projectId, labelerId],
    ),
  ]);
  const looOf = new Map(loo.map((l) => [l.labeler_id, l]));
  const counts = new Map<string, QualityCounts & { ranked: number; rated: number; judged: number }>();
  for (const row of own) {
    let c = counts.get(row.labeler_id);
    if (!c) {
      const stored = looOf.get(row.labeler_id);
      c = {
        answers: 0,
        ranked: 0,
        rated: 0,
        judged: 0,
        winners: 0,
        firstWins: 0,
        expected: 0,
        pairs: stored?.loo_pairs ?? 0,
        agree: stored?.loo_agree ?? 0,
        lengthPairs: stored?.length_pairs ?? 0,
        longer: stored?.longer ?? 0,
      };
      counts.set(row.labeler_id, c);
    }
    c.answers += row.answers;
    c.ranked += row.ranked;
    c.rated += row.rated;
    c.judged += row.shown * row.answers;
    addPosition(c, { topSize: row.top_size, topIsFirstShown: row.top_is_first, shown: row.shown }, row.answers);
  }
  return counts;
}

/** One labeler's quality in one project (the labeler page): their row of the project's report. */
export async function labelerQualityIn(projectId: string, labelerId: string): Promise<LabelerQuality | null> {
  const counts = (await labelerCounts(projectId, labelerId)).get(labelerId);
  return counts && counts.ranked ? qualityOf(labelerId, { ...counts, answers: counts.ranked }) : null;
}
