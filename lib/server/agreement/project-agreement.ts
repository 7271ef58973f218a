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
  /** Per labeler (by email): agreement with the others' consensus, position and length bias. */
  labelers: (LabelerQuality & { email: string })[];
}

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
    "SELECT item_id, labeler_id, ranking, ratings, flags, display_order FROM annotations WHERE project_id = $1 ORDER BY item_id, created_at, id",
    [project.id],
  );

  const rankingsByItem = new Map<string, string[][][]>();
  const winners: Rating[] = [];
  const likert: Rating[] = [];
  const flagCounts = new Map<string, number>();
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
    }
    judged += row.display_order.length;
    for (const list of Object.values(row.flags ?? {}))
      for (const flag of list) flagCounts.set(flag, (flagCounts.get(flag) ?? 0) + 1);
  }
  const [{ rows: lengths }, { rows: emails }] = await Promise.all([
    pool().query<{ item_id: string; id: string; length: number }>(
      `SELECT c.item_id, c.id, length(c.text) AS length FROM completions c JOIN items i ON i.id = c.item_id
        WHERE i.project_id = $1 AND c.position IS NOT NULL`,
      [project.id],
    ),
    pool().query<{ id: string; email: string }>(
      "SELECT DISTINCT u.id, u.email FROM users u JOIN annotations a ON a.labeler_id = u.id WHERE a.project_id = $1",
      [project.id],
    ),
  ]);
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
    labelers,
  };
}
