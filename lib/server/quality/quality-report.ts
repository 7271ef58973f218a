import "server-only";
import { accuracyFromAgreement, forecastLabels, overlapSavings } from "@/lib/domain/quality/adaptive-overlap";
import { costReport } from "@/lib/domain/quality/cost";
import { pool } from "@/lib/server/db/client";
import type { Queryable } from "@/lib/server/db/query";
import { requireProject } from "@/lib/server/projects/require-project";
import { adaptivePolicy } from "@/lib/server/quality/adaptive-overlap";
import { labelerWork } from "@/lib/server/quality/cost-queries";
import { projectItemAnswers, projectPairCounts, overlapSettingsOf } from "@/lib/server/quality/overlap-queries";

/** Agreement assumed before two labelers have answered one item (InstructGPT's hiring bar). */
export const ASSUMED_AGREEMENT = 0.75;

interface ReportProject {
  id: string;
  slug: string;
  kind: string;
}

/**
 * Labels spent against a fixed overlap, and the forecast of labels still needed
 * (docs/QUALITY.md "Labels spent and forecast"). The fixed overlap compared with is overlapMax
 * (what the project would spend without the rule) or, without bounds, the project's overlap.
 * Reads every answer of the project: the page shows it on small projects only.
 */
export async function overlapReportOf(project: ReportProject, db: Queryable = pool()) {
  const settings = await overlapSettingsOf(db, project.id);
  const policy = adaptivePolicy({ kind: project.kind, ...settings });
  const [items, pairs] = await Promise.all([projectItemAnswers(db, project.id), projectPairCounts(db, project.id)]);
  const agreement = pairs.comparisons > 0 ? pairs.agreeing / pairs.comparisons : null;
  const accuracy = accuracyFromAgreement(agreement ?? ASSUMED_AGREEMENT);
  const labelsSpent = items.reduce((s, i) => s + i.answers.length, 0);
  // Items the rule decides; the others (a fixed overlap, or a judge's target) still need their open slots.
  const ruled = policy ? items.filter((i) => i.targetOverlap === null) : [];
  const forecast = policy ? forecastLabels(ruled, policy, accuracy) : null;
  let fixedRemaining = 0;
  let fixedOpenItems = 0;
  for (const item of items) {
    if (policy && item.targetOverlap === null) continue;
    const free = item.status === "open" ? Math.max(0, item.slots - item.answers.length) : 0;
    fixedRemaining += free;
    if (free > 0) fixedOpenItems += 1;
  }
  const expectedAdditional = (forecast?.expectedAdditional ?? 0) + fixedRemaining;
  const fixedOverlap = settings.overlapMax ?? settings.overlap;
  const byAnswers = new Map<number, number>();
  for (const item of items) byAnswers.set(item.answers.length, (byAnswers.get(item.answers.length) ?? 0) + 1);
  return {
    adaptive: policy
      ? {
          overlapMin: policy.overlapMin,
          overlapMax: policy.overlapMax,
          overlapThreshold: policy.winnerShareThreshold,
          overlapConfidence: policy.confidence ?? null,
        }
      : null,
    overlap: settings.overlap,
    items: items.length,
    /** Items the forecast expects to take another label. */
    openItems: (forecast?.openItems ?? 0) + fixedOpenItems,
    agreement,
    accuracy,
    accuracySource: agreement === null ? ("assumed" as const) : ("agreement" as const),
    fixedOverlap,
    ...overlapSavings({ items: items.length, labelsSpent, fixedOverlap, expectedAdditional }),
    expectedAdditional,
    /** Items by how many answers they have: [{answers, items}], fewest first (the chart). */
    itemsByAnswers: [...byAnswers].sort((a, b) => a[0] - b[0]).map(([answers, n]) => ({ answers, items: n })),
  };
}
export type OverlapReport = Awaited<ReturnType<typeof overlapReportOf>>;

export async function overlapReport(slug: string) {
  return overlapReportOf(await requireProject(slug));
}

/** Active time and cost per labeler and for the project (docs/QUALITY.md "Time and cost"). */
export async function costReportOf(project: { id: string }, db: Queryable = pool()) {
  const [settings, work] = await Promise.all([overlapSettingsOf(db, project.id), labelerWork(db, project.id)]);
  return costReport(work, settings.hourlyRate);
}

export async function projectCost(slug: string) {
  const project = await requireProject(slug);
  return { project: slug, ...(await costReportOf(project)) };
}

/**
 * The Quality tab's "Labels and forecast" and "Time and cost" cards. Both read every answer,
 * so a large project (PROJECT_LIVE_FIGURES_MAX_SLOTS) leaves them out of the page (null, with
 * `large` true): the API and the CLI compute them on demand.
 */
export async function qualityProgramFigures(project: ReportProject, large: boolean) {
  const ranked = project.kind === "comparison" || project.kind === "ranking";
  const [overlap, cost] = await Promise.all([
    ranked && !large ? overlapReportOf(project) : null,
    large ? null : costReportOf(project),
  ]);
  return { overlap, overlapSkipped: ranked && large, cost, large };
}
export type QualityProgramFigures = Awaited<ReturnType<typeof qualityProgramFigures>>;
