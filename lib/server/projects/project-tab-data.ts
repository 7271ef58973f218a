import "server-only";
import { projectReviewReport } from "@/lib/server/reviews/review-report";
import { projectTabsFor, type ProjectTab } from "@/lib/domain/project-tabs";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { db, pool } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { projectJudges } from "@/lib/server/judges/judge-agreement-queries";
import { leaderboardOf } from "@/lib/server/leaderboard/project-leaderboard";
import { projectDetail } from "@/lib/server/projects/project-detail";
import {
  answersByLabeler,
  answersPerDay,
  itemCounts,
  queueHealth,
  topLabelers,
} from "@/lib/server/projects/project-figures-queries";
import {
  ACTIVITY_DAYS,
  activityOf,
  isLarge,
  storedProjectSummary,
  type ProjectSummary,
} from "@/lib/server/projects/project-summary";
import { listUsers } from "@/lib/server/users/list-users";
import { exportSourceChoices } from "@/lib/server/export/export-source-choices";
import { judgeSuggestionSetting } from "@/lib/server/judges/judge-suggestions";
import {
  conversationList,
  conversationSettingsChoices,
  conversationTotals,
} from "@/lib/server/conversations/conversation-admin";
import { feedbackSettingsChoices } from "@/lib/server/feedback/feedback-settings";
import { pausedLabelers, projectStandings } from "@/lib/server/quality/standings";
import { qualitySettings } from "@/lib/server/quality/quality-settings";
import { feedbackPage } from "@/lib/server/feedback/feedback-page";
import { qualityProgramFigures } from "@/lib/server/quality/quality-report";
import { overlapSettings } from "@/lib/server/quality/overlap-settings";

/** A tab's figures: computed now (small project), the stored ones with their time, or none yet. */
export type TabFigures<T> =
  | { source: "live"; summary: T }
  | { source: "stored"; summary: T; computedAt: Date; computeMs: number }
  | { source: "pending"; summary: null };

interface FiguresProject {
  id: string;
  slug: string;
  kind: string;
}

/**
 * One tab's share of the page figures. The rule of project-summary.ts holds: a small project
 * computes them on the view (only this tab's queries), a large one shows the stored summary.
 */
async function tabFigures<T>(
  project: FiguresProject,
  live: () => Promise<T>,
  pick: (summary: ProjectSummary) => T,
): Promise<TabFigures<T>> {
  if (!(await isLarge(project, env().PROJECT_LIVE_FIGURES_MAX_SLOTS))) return { source: "live", summary: await live() };
  const stored = await storedProjectSummary(project.id);
  if (!stored) return { source: "pending", summary: null };
  return {
    source: "stored",
    summary: pick(stored.summary),
    computedAt: stored.computedAt,
    computeMs: stored.computeMs,
  };
}

function overviewFigures(project: FiguresProject) {
  return tabFigures(
    project,
    async () => {
      const [health, items, days, labelers] = await Promise.all([
        queueHealth(project.id),
        itemCounts(project.id),
        answersPerDay(project.id, ACTIVITY_DAYS),
        topLabelers(project.id, 20),
      ]);
      return { health, items, activity: activityOf(days, labelers) };
    },
    ({ health, items, activity }) => ({ health, items, activity }),
  );
}

function qualityFigures(project: FiguresProject) {
  return tabFigures(
    project,
    async () => {
      if (project.kind === "demonstration") return { agreement: null, leaderboard: null };
      const [agreement, leaderboard] = await Promise.all([projectAgreement(project.slug), leaderboardOf(project)]);
      return { agreement, leaderboard };
    },
    ({ agreement, leaderboard }) => ({ agreement, leaderboard }),
  );
}

function memberFigures(project: FiguresProject) {
  return tabFigures(
    project,
    () => answersByLabeler(project.id),
    (summary) => summary.answersByLabeler,
  );
}

/** The project's latest exports, for the Export tab. */
function recentExports(projectId: string) {
  return db.export.findMany({
    where: { projectId },
    orderBy: { createdAt: "desc" },
    take: 10,
    select: {
      id: true,
      format: true,
      status: true,
      filters: true,
      fileName: true,
      splitParts: true,
      rowCount: true,
      sha256: true,
      manifest: true,
      error: true,
      createdAt: true,
      createdBy: { select: { email: true } },
    },
  });
}

/** The first steps of a new project, and whether each is done (the Overview's checklist). */
async function setupSteps(
  project: { id: string; kind: string; replyEndpointIds: string[] },
  members: number,
  guidelines: string | null,
) {
  const item = await db.item.findFirst({ where: { projectId: project.id }, select: { id: true } });
  const steps = { members: members > 0, items: item !== null, guidelines: Boolean(guidelines?.trim()) };
  // A conversation project talks to models: it needs its endpoints chosen (Settings).
  return project.kind === "conversation" ? { ...steps, models: project.replyEndpointIds.length > 0 } : steps;
}
export type SetupSteps = Awaited<ReturnType<typeof setupSteps>>;

/**
 * What one tab of the admin's project page shows, and nothing more: the project itself (its
 * header and settings come with it), then the selected tab's reads. The other tabs' figures,
 * lists and users are not read.
 */
export async function projectTabData(slug: string, asked: ProjectTab, options: { page?: unknown } = {}) {
  const detail = await projectDetail(slug);
  if (!detail) return null;
  const { project, members, guidelines } = detail;
  // A tab the kind does not have (Conversations, Judges) shows the overview; the Feedback tab
  // answers for any kind that takes feedback, even before the first event (its empty state).
  const tab = projectTabsFor(project.kind, { feedback: true }).includes(asked) ? asked : "overview";
  switch (tab) {
    case "overview": {
      const [figures, steps, conversations, paused] = await Promise.all([
        overviewFigures(project),
        setupSteps(project, members.length, guidelines),
        project.kind === "conversation" ? conversationTotals(project.id) : null,
        // Issue 16 (qual): the alert of labelers paused by attention checks.
        pausedLabelers(project.id),
      ]);
      return { ...detail, tab, figures, steps, conversations, paused };
    }
    case "conversations":
      return { ...detail, tab, conversations: await conversationList(project.id, options.page) };
    case "quality":
      return {
        ...detail,
        tab,
        figures: await qualityFigures(project),
        // Issue 16: labels spent and forecast, time and cost (docs/QUALITY.md).
        program: await qualityProgramFigures(project, await isLarge(project, env().PROJECT_LIVE_FIGURES_MAX_SLOTS)),
        // The agreement card links each judge's agreement with these labelers.
        judges: (await projectJudges(pool(), project.id)).map((j) => j.name),
        // Peer review's acceptance per labeler (docs/QUALITY.md): demonstrations only.
        reviews: project.kind === "demonstration" ? await projectReviewReport(project.slug) : null,
      };
    case "export": {
      const [exports, sources] = await Promise.all([recentExports(project.id), exportSourceChoices(project)]);
      return { ...detail, tab, exports, ...sources };
    }
    case "members": {
      const memberIds = new Set(members.map((m) => m.id));
      const [users, figures, standings, quality] = await Promise.all([
        listUsers(),
        memberFigures(project),
        projectStandings(project.slug),
        qualitySettings(project.slug),
      ]);
      const answersBy = figures.summary ?? {};
      return {
        ...detail,
        tab,
        figures,
        // Issue 16 (qual): each member's qualification and pause.
        standings: standings.labelers,
        qualificationRequired: quality.qualificationRequired,
        members: members.map((m) => ({ ...m, annotations: answersBy[m.id] ?? null })),
        candidates: users.filter((u) => u.active && !memberIds.has(u.id)).map((u) => u.email),
      };
    }
    case "data":
      return { ...detail, tab };
    case "judges":
      return { ...detail, tab };
    case "settings":
      return {
        ...detail,
        tab,
        conversation: project.kind === "conversation" ? await conversationSettingsChoices(project.id) : null,
        feedback: await feedbackSettingsChoices(project.id),
        // The labeler quality program's settings (docs/QUALITY.md).
        quality: await qualitySettings(project.slug),
        // Adaptive overlap and the hourly rate (docs/QUALITY.md).
        overlapCost: await overlapSettings(project.slug),
        judgeSuggestions:
          project.kind === "comparison" || project.kind === "ranking"
            ? await judgeSuggestionSetting(project.slug)
            : null,
      };
    case "feedback":
      return { ...detail, tab, feedback: await feedbackPage(project.id, options.page) };
  }
}
