import "server-only";
import { z } from "zod";
import { LEVELS } from "@/lib/domain/agreement/krippendorff";
import { projectAgreement, type AgreementReport } from "@/lib/server/agreement/project-agreement";
import { env } from "@/lib/server/env";
import { leaderboardOf, projectLeaderboardSchema } from "@/lib/server/leaderboard/project-leaderboard";
import {
  answersByLabeler,
  answersPerDay,
  itemCounts,
  itemCountsSchema,
  queueHealth,
  queueHealthSchema,
  readStoredSummary,
  slotsUpTo,
  summaryCandidates,
  topLabelers,
  withSummaryLock,
  writeStoredSummary,
} from "@/lib/server/projects/project-figures-queries";

// A project's page figures: queue health, progress, activity and the agreement report. They
// are aggregates over every slot and answer, and on 750,000 answers they take seconds, so:
// - a small project (at most PROJECT_LIVE_FIGURES_MAX_SLOTS slots) has them computed on each
//   view, exact and current, as before;
// - a larger one shows the summary the background refresher stored (stats-refresher.ts), with
//   its time; a view never computes it (no GET does heavy work or writes).

export const ACTIVITY_DAYS = 30;
/** Bumped whenever the stored shape changes: a summary of another version is not shown. */
export const SUMMARY_VERSION = 2;

const point = z.object({ label: z.string(), value: z.number() });
const share = z.number().nullable();
const alphaSchema = z.object({
  alpha: share,
  level: z.enum(LEVELS),
  units: z.number(),
  pairableUnits: z.number(),
  coders: z.number(),
  pairableValues: z.number(),
  observedDisagreement: share,
  expectedDisagreement: share,
});
const agreementReportSchema: z.ZodType<AgreementReport> = z.object({
  project: z.string(),
  kind: z.string(),
  annotations: z.number(),
  itemsWithAnswers: z.number(),
  staleItems: z.number(),
  pairwise: z
    .object({
      agreement: share,
      comparisons: z.number(),
      tieShare: share,
      ci95: z.tuple([z.number(), z.number()]).nullable(),
      items: z.number(),
    })
    .nullable(),
  winnerAlpha: alphaSchema.nullable(),
  likertAlpha: alphaSchema.nullable(),
  flagRates: z.record(z.string(), z.number()),
  likertCounts: z.array(z.number()),
  itemAgreementBins: z.array(z.number()),
  labelers: z.array(
    z.object({
      labeler: z.string(),
      email: z.string(),
      answers: z.number(),
      agreementWithOthers: share,
      firstShownWins: share,
      firstShownExpected: share,
      longerPreferred: share,
      lowAgreement: z.boolean(),
      gold: z.object({ answered: z.number(), correct: z.number(), accuracy: share }),
    }),
  ),
  turnConsistency: z
    .object({
      sampledTurns: z.number(),
      reviewedTurns: z.number(),
      reviews: z.number(),
      agreeingReviews: z.number(),
      agreementShare: share,
      alpha: alphaSchema.nullable(),
    })
    .nullable()
    .optional(),
});

const summarySchema = z.object({
  health: queueHealthSchema,
  items: itemCountsSchema,
  /** Answers per labeler id. */
  answersByLabeler: z.record(z.string(), z.number()),
  activity: z.object({ perDay: z.array(point), completion: z.array(point), perLabeler: z.array(point) }),
  agreement: agreementReportSchema.nullable(),
  /** The model leaderboard (null for a demonstration project). */
  leaderboard: projectLeaderboardSchema.nullable(),
});
export type ProjectSummary = z.infer<typeof summarySchema>;

/** What the page shows: figures computed now, the stored ones with their time, or none yet. */
export type PageFigures =
  | { source: "live"; summary: ProjectSummary }
  | { source: "stored"; summary: ProjectSummary; computedAt: Date; computeMs: number }
  | { source: "pending"; summary: null };

interface SummaryProject {
  id: string;
  slug: string;
  kind: string;
}

/** The activity charts from the per-day and per-labeler counts. */
export function activityOf(
  days: Awaited<ReturnType<typeof answersPerDay>>,
  labelers: Awaited<ReturnType<typeof topLabelers>>,
): ProjectSummary["activity"] {
  return {
    perDay: days.map((d) => ({ label: d.day, value: d.answers })),
    completion: days.map((d) => ({
      label: d.day,
      value: d.slots ? Math.round((1000 * d.cumulative) / d.slots) / 10 : 0,
    })),
    perLabeler: labelers.map((l) => ({ label: l.email, value: l.answers })),
  };
}

/** Every figure of the page, computed now (the queries run side by side). */
export async function computeProjectSummary(project: SummaryProject): Promise<ProjectSummary> {
  const [health, items, byLabeler, days, labelers, agreement, leaderboard] = await Promise.all([
    queueHealth(project.id),
    itemCounts(project.id),
    answersByLabeler(project.id),
    answersPerDay(project.id, ACTIVITY_DAYS),
    topLabelers(project.id, 20),
    project.kind === "demonstration" ? null : projectAgreement(project.slug),
    project.kind === "demonstration" ? null : leaderboardOf(project),
  ]);
  return {
    health,
    items,
    answersByLabeler: byLabeler,
    activity: activityOf(days, labelers),
    agreement,
    leaderboard,
  };
}

/** The stored summary of a project, parsed; null when there is none of this version. */
export async function storedProjectSummary(
  projectId: string,
): Promise<{ summary: ProjectSummary; computedAt: Date; computeMs: number } | null> {
  const row = await readStoredSummary(projectId);
  if (!row || row.version !== SUMMARY_VERSION) return null;
  const parsed = summarySchema.safeParse(row.summary);
  // A row this code cannot read is as good as none: the refresher rewrites it.
  if (!parsed.success) return null;
  return { summary: parsed.data, computedAt: row.computedAt, computeMs: row.computeMs };
}

/**
 * Whether a project has more than `liveMaxSlots` slots (answers needed), counted no further
 * than that: its figures are then stored in the background, never computed on a view.
 */
export async function isLarge(project: SummaryProject, liveMaxSlots: number): Promise<boolean> {
  return (await slotsUpTo(project.id, liveMaxSlots + 1)) > liveMaxSlots;
}

/** The figures a project's page shows (see the top of this file). */
export async function pageFigures(
  project: SummaryProject,
  liveMaxSlots = env().PROJECT_LIVE_FIGURES_MAX_SLOTS,
): Promise<PageFigures> {
  if (!(await isLarge(project, liveMaxSlots))) return { source: "live", summary: await computeProjectSummary(project) };
  const stored = await storedProjectSummary(project.id);
  return stored ? { source: "stored", ...stored } : { source: "pending", summary: null };
}

/** The agreement report a project's agreement page shows: live when small, else the stored one. */
export async function pageAgreement(
  project: SummaryProject,
  liveMaxSlots = env().PROJECT_LIVE_FIGURES_MAX_SLOTS,
): Promise<
  | { source: "live"; report: AgreementReport }
  | { source: "stored"; report: AgreementReport | null; computedAt: Date; computeMs: number }
  | { source: "pending"; report: null }
> {
  if (!(await isLarge(project, liveMaxSlots))) return { source: "live", report: await projectAgreement(project.slug) };
  const stored = await storedProjectSummary(project.id);
  return stored
    ? { source: "stored", report: stored.summary.agreement, computedAt: stored.computedAt, computeMs: stored.computeMs }
    : { source: "pending", report: null };
}

/** Computes a project's summary and stores it, unless another process is at it (then null). */
export async function refreshProjectSummary(
  project: SummaryProject,
): Promise<{ summary: ProjectSummary; computeMs: number } | null> {
  return withSummaryLock(project.id, async () => {
    // The time the figures are as of: taken before the first query reads.
    const computedAt = new Date();
    const started = performance.now();
    const summary = await computeProjectSummary(project);
    const computeMs = Math.round(performance.now() - started);
    await writeStoredSummary(project.id, { version: SUMMARY_VERSION, summary, computedAt, computeMs });
    return { summary, computeMs };
  });
}

/**
 * `agreement --project S --refresh`, after the stats repair: the project's report, computed
 * now; for a large project, its stored figures are refreshed with it (no wait for the
 * background refresher).
 */
export async function refreshedAgreementReport(
  project: SummaryProject,
  liveMaxSlots = env().PROJECT_LIVE_FIGURES_MAX_SLOTS,
): Promise<{ report: AgreementReport; figuresStored: boolean }> {
  if (await isLarge(project, liveMaxSlots)) {
    const refreshed = await refreshProjectSummary(project);
    if (refreshed?.summary.agreement) return { report: refreshed.summary.agreement, figuresStored: true };
  }
  return { report: await projectAgreement(project.slug), figuresStored: false };
}

/** An idle project's summary is still recomputed this often (lease expiries change no answer). */
const IDLE_REFRESH_MS = 15 * 60 * 1000;

/**
 * Refreshes the stored summaries that are due, of every project above the live limit: those
 * with none (or one of another version), and those older than both the refresh interval and
 * ten times their last computation (so that the refresher spends at most a tenth of its time
 * on one project) whose project has changed since, or which are older than 15 minutes (an
 * archived project's only when it changed). Returns the projects refreshed.
 */
export async function refreshDueProjectSummaries(
  options: { liveMaxSlots?: number; intervalSeconds?: number; now?: Date } = {},
): Promise<number> {
  const liveMaxSlots = options.liveMaxSlots ?? env().PROJECT_LIVE_FIGURES_MAX_SLOTS;
  const intervalMs = 1000 * (options.intervalSeconds ?? env().AGREEMENT_REFRESH_SECONDS);
  const now = options.now ?? new Date();
  let refreshed = 0;
  for (const candidate of await summaryCandidates(liveMaxSlots + 1, 5)) {
    const age = candidate.computedAt ? now.getTime() - candidate.computedAt.getTime() : Infinity;
    const due =
      candidate.version !== SUMMARY_VERSION ||
      (age >= Math.max(intervalMs, 10 * (candidate.computeMs ?? 0)) &&
        (candidate.changed || (candidate.status !== "archived" && age >= IDLE_REFRESH_MS)));
    if (!due) continue;
    if (await refreshProjectSummary(candidate)) refreshed += 1;
  }
  return refreshed;
}
