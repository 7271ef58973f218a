import "server-only";
import { env } from "@/lib/server/env";
import { answersPerDay, itemCounts, queueHealth, slotsUpTo } from "@/lib/server/projects/project-figures-queries";
import { openProjectCount, recentlyActiveProjects } from "@/lib/server/projects/overview-queries";
import { storedProjectSummary } from "@/lib/server/projects/project-summary";

/** Days of answers the overview's sparkline shows. */
export const SPARK_DAYS = 14;
/** Projects the overview shows a row for. */
export const OVERVIEW_PROJECTS = 8;

export interface ProjectProgress {
  slug: string;
  name: string;
  kind: string;
  status: "active" | "paused" | "archived" | "draft";
  items: { total: number; done: number } | null;
  /** Answer slots: done of all. */
  slots: { total: number; done: number } | null;
  /** Answers per day, oldest first, the last one today (empty when not known yet). */
  perDay: number[];
  today: number | null;
  last7: number | null;
  /** When the figures were stored (a large project), null when computed now. */
  asOf: Date | null;
}

/**
 * One project's progress and recent activity, the way its own page gets them
 * (project-summary.ts): computed now when small, the stored summary when large (never an
 * aggregate over every answer on a view); a large project not summarized yet has none.
 */
async function projectProgress(
  project: Awaited<ReturnType<typeof recentlyActiveProjects>>[number],
  liveMaxSlots: number,
): Promise<ProjectProgress> {
  const base = { slug: project.slug, name: project.name, kind: project.kind, status: project.status };
  const large = (await slotsUpTo(project.id, liveMaxSlots + 1)) > liveMaxSlots;
  let figures: {
    items: ProjectProgress["items"];
    slots: ProjectProgress["slots"];
    perDay: number[];
    asOf: Date | null;
  };
  if (large) {
    const stored = await storedProjectSummary(project.id);
    figures = stored
      ? {
          items: stored.summary.items,
          slots: slotsOf(stored.summary.health),
          perDay: stored.summary.activity.perDay.map((d) => d.value),
          asOf: stored.computedAt,
        }
      : { items: null, slots: null, perDay: [], asOf: null };
  } else {
    const [health, items, days] = await Promise.all([
      queueHealth(project.id),
      itemCounts(project.id),
      answersPerDay(project.id, SPARK_DAYS),
    ]);
    figures = { items, slots: slotsOf(health), perDay: days.map((d) => d.answers), asOf: null };
  }
  const perDay = figures.perDay.slice(-SPARK_DAYS);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return {
    ...base,
    ...figures,
    perDay,
    today: perDay.length ? perDay[perDay.length - 1]! : null,
    last7: perDay.length ? sum(perDay.slice(-7)) : null,
  };
}

function slotsOf(health: { open: number; leased: number; expired: number; done: number }) {
  return { total: health.open + health.leased + health.expired + health.done, done: health.done };
}

/** The overview's rows: the most recently answered projects not archived, and how many there are. */
export async function overviewProjects(liveMaxSlots = env().PROJECT_LIVE_FIGURES_MAX_SLOTS, limit = OVERVIEW_PROJECTS) {
  const [projects, total] = await Promise.all([recentlyActiveProjects(limit), openProjectCount()]);
  return { rows: await Promise.all(projects.map((p) => projectProgress(p, liveMaxSlots))), total };
}
