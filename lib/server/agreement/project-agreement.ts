import "server-only";
import { krippendorffAlpha, type AlphaResult, type Rating } from "@/lib/domain/agreement/krippendorff";
import { labelerQuality, type LabelerQuality, type QualityItem } from "@/lib/domain/agreement/labeler-quality";
import { projectPairwiseAgreement, type ProjectAgreement } from "@/lib/domain/agreement/pairwise-project";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";

export interface AgreementReport {
  project: string;
  kind: string;
  annotations: number;
  itemsWithAnswers: number;
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
  labelers: (LabelerQuality & {
    email: string;
    gold: { answered: number; correct: number; accuracy: number | null };
  })[];
}

const goldScore = (g: { answered: number; correct: number } | undefined) => ({
  answered: g?.answered ?? 0,
  correct: g?.correct ?? 0,
  accuracy: g?.answered ? g.correct / g.answered : null,
});

/** The agreement report of a project: one pass over its answers. */
export async function projectAgreement(slug: string): Promise<AgreementReport> {
  const { rows: projects } = await pool().query<{ id: string; kind: string; flags: string[] }>(
    "SELECT id, kind::text AS kind, flags FROM projects WHERE slug = $1",
    [slug],
  );
  const project = projects[0];
  if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
  const { rows } = await pool().query<{
    item_id: string;
    labeler_id: string;
    ranking: string[][] | null;
    ratings: Record<string, number> | null;
    flags: Record<string, string[]> | null;
    display_order: string[];
  }>(
    // Ordered, so that the seeded bootstrap sees the same sequence every time.
    "SELECT item_id, labeler_id, ranking, ratings, flags, display_order FROM annotations WHERE project_id = $1 ORDER BY item_id, created_at, id",
    [project.id],
  );

  const rankingsByItem = new Map<string, string[][][]>();
  const winners: Rating[] = [];
  const likert: Rating[] = [];
  const flagCounts = new Map<string, number>();
  const likertCounts = [0, 0, 0, 0, 0, 0, 0];
  let judged = 0;
  for (const row of rows) {
    if (row.ranking) {
      const list = rankingsByItem.get(row.item_id) ?? [];
      list.push(row.ranking);
      rankingsByItem.set(row.item_id, list);
      if (project.kind === "comparison") {
        const top = row.ranking[0]!;
        winners.push({ unit: row.item_id, coder: row.labeler_id, value: top.length > 1 ? "tie" : top[0]! });
      }
    }
    for (const [completion, score] of Object.entries(row.ratings ?? {})) {
      likert.push({ unit: `${row.item_id}:${completion}`, coder: row.labeler_id, value: score });
      if (score >= 1 && score <= 7) likertCounts[score - 1]! += 1;
    }
    judged += row.display_order.length;
    for (const list of Object.values(row.flags ?? {}))
      for (const flag of list) flagCounts.set(flag, (flagCounts.get(flag) ?? 0) + 1);
  }
  const [{ rows: lengths }, { rows: emails }, { rows: gold }, { rows: bins }] = await Promise.all([
    pool().query<{ item_id: string; id: string; length: number }>(
      `SELECT c.item_id, c.id, length(c.text) AS length FROM completions c JOIN items i ON i.id = c.item_id
        WHERE i.project_id = $1 AND c.position IS NOT NULL`,
      [project.id],
    ),
    pool().query<{ id: string; email: string }>(
      "SELECT DISTINCT u.id, u.email FROM users u JOIN annotations a ON a.labeler_id = u.id WHERE a.project_id = $1",
      [project.id],
    ),
    pool().query<{ labeler_id: string; answered: number; correct: number }>(
      `SELECT a.labeler_id, count(*)::int AS answered,
              count(*) FILTER (WHERE jsonb_array_length(a.ranking -> 0) = 1
                                 AND a.ranking -> 0 ->> 0 = i.gold_answer ->> 'best')::int AS correct
         FROM annotations a JOIN items i ON i.id = a.item_id
        WHERE a.project_id = $1 AND i.is_gold AND i.gold_answer ? 'best'
        GROUP BY a.labeler_id`,
      [project.id],
    ),
    pool().query<{ bin: number; n: number }>(
      `SELECT least(floor(agreement * 10), 9)::int AS bin, count(*)::int AS n FROM items
        WHERE project_id = $1 AND agreement IS NOT NULL GROUP BY 1`,
      [project.id],
    ),
  ]);
  const goldOf = new Map(gold.map((g) => [g.labeler_id, g]));
  const itemAgreementBins = Array.from({ length: 10 }, () => 0);
  for (const b of bins) itemAgreementBins[b.bin] = b.n;
  const qualityItems = new Map<string, QualityItem>();
  for (const l of lengths) {
    const entry = qualityItems.get(l.item_id) ?? { completionLengths: {}, answers: [] };
    entry.completionLengths[l.id] = l.length;
    qualityItems.set(l.item_id, entry);
  }
  for (const row of rows) {
    if (row.ranking)
      qualityItems
        .get(row.item_id)
        ?.answers.push({ labeler: row.labeler_id, ranking: row.ranking, displayOrder: row.display_order });
  }
  const emailOf = new Map(emails.map((e) => [e.id, e.email]));
  const labelers = labelerQuality([...qualityItems.values()].filter((i) => i.answers.length)).map((q) => ({
    ...q,
    email: emailOf.get(q.labeler) ?? q.labeler,
    gold: goldScore(goldOf.get(q.labeler)),
  }));
  const flagRates = Object.fromEntries(
    project.flags.map((flag) => [flag, judged ? (flagCounts.get(flag) ?? 0) / judged : 0]),
  );
  return {
    project: slug,
    kind: project.kind,
    annotations: rows.length,
    itemsWithAnswers: new Set(rows.map((r) => r.item_id)).size,
    pairwise: rankingsByItem.size ? projectPairwiseAgreement([...rankingsByItem.values()]) : null,
    winnerAlpha: winners.length ? krippendorffAlpha(winners, "nominal") : null,
    likertAlpha: likert.length ? krippendorffAlpha(likert, "interval") : null,
    flagRates,
    likertCounts,
    itemAgreementBins,
    labelers,
  };
}

/**
 * One labeler's quality in one project, from the items they answered only (their answers
 * and the others' on the same items): agreement with the others' consensus, position and
 * length bias. Cheap enough for the labeler page.
 */
export async function labelerQualityIn(projectId: string, labelerId: string): Promise<LabelerQuality | null> {
  const { rows } = await pool().query<{
    item_id: string;
    labeler_id: string;
    ranking: string[][];
    display_order: string[];
  }>(
    `SELECT a.item_id, a.labeler_id, a.ranking, a.display_order FROM annotations a
      WHERE a.item_id IN (SELECT item_id FROM annotations WHERE project_id = $1 AND labeler_id = $2)
        AND a.ranking IS NOT NULL
      ORDER BY a.item_id, a.created_at, a.id`,
    [projectId, labelerId],
  );
  if (rows.length === 0) return null;
  const { rows: lengths } = await pool().query<{ item_id: string; id: string; length: number }>(
    `SELECT item_id, id, length(text) AS length FROM completions
      WHERE item_id = ANY($1) AND position IS NOT NULL`,
    [[...new Set(rows.map((r) => r.item_id))]],
  );
  const items = new Map<string, QualityItem>();
  for (const l of lengths) {
    const entry = items.get(l.item_id) ?? { completionLengths: {}, answers: [] };
    entry.completionLengths[l.id] = l.length;
    items.set(l.item_id, entry);
  }
  for (const row of rows)
    items
      .get(row.item_id)
      ?.answers.push({ labeler: row.labeler_id, ranking: row.ranking, displayOrder: row.display_order });
  return labelerQuality([...items.values()]).find((q) => q.labeler === labelerId) ?? null;
}
