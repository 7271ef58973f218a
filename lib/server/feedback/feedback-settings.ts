import "server-only";
import { inTransaction, pool } from "@/lib/server/db/client";
import { recordAudit } from "@/lib/server/audit-queries";
import { AppError } from "@/lib/server/errors";
import { linearPatternProblem } from "@/lib/server/feedback/linear-regexp";
import { requireProject } from "@/lib/server/projects/require-project";
import {
  selectFeedbackSettings,
  selectProjectsByRef,
  selectReviewProjects,
  writeFeedbackSettings,
} from "@/lib/server/feedback/feedback-settings-queries";
import type { Queryable } from "@/lib/server/db/query";
import type { FeedbackSettings } from "@/lib/validation/feedback-settings";
import { feedbackSettingsInputSchema, type FeedbackSettingsInput } from "@/lib/validation/feedback-settings-input";

/** The settings as read back: each rule also names its project by slug (null once it is deleted). */
export type FeedbackSettingsView = Omit<FeedbackSettings, "routes"> & {
  routes: (FeedbackSettings["routes"][number] & { project: string | null })[];
};

async function viewOf(db: Queryable, settings: FeedbackSettings): Promise<FeedbackSettingsView> {
  const ids = [...new Set(settings.routes.map((r) => r.projectId))];
  const slugs = new Map((ids.length ? await selectProjectsByRef(db, ids, []) : []).map((p) => [p.id, p.slug]));
  return { ...settings, routes: settings.routes.map((r) => ({ ...r, project: slugs.get(r.projectId) ?? null })) };
}

/** A project's feedback settings (docs/FEEDBACK.md), defaults filled in. */
export async function feedbackSettingsOf(slug: string): Promise<FeedbackSettingsView> {
  const project = await requireProject(slug);
  return viewOf(pool(), (await selectFeedbackSettings(pool(), project.id))!);
}

const REVIEW_KINDS = ["comparison", "ranking", "demonstration"];

/**
 * Replaces a project's feedback settings: scrubbing, consent and routing rules. Each rule's
 * project must exist, be another project, be a comparison, ranking or demonstration project
 * and not be archived; patterns must compile (feedbackSettingsInputSchema). Audited.
 */
export async function updateFeedbackSettings(
  slug: string,
  input: FeedbackSettingsInput,
  actorId: string | null,
): Promise<FeedbackSettingsView> {
  const data = feedbackSettingsInputSchema.parse(input);
  for (const p of data.patterns) {
    const problem = linearPatternProblem(p.pattern);
    if (problem) throw new AppError("bad_request", `pattern ${p.name} ${problem}`);
  }
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx, forUpdate: true });
    const refs = await selectProjectsByRef(
      tx,
      data.routes.flatMap((r) => (r.projectId ? [r.projectId] : [])),
      data.routes.flatMap((r) => (r.project ? [r.project] : [])),
    );
    const routes = data.routes.map((r, i) => {
      const rule = `rule ${i + 1} (${r.when})`;
      const byId = r.projectId ? refs.find((p) => p.id === r.projectId) : undefined;
      const bySlug = r.project ? refs.find((p) => p.slug === r.project) : undefined;
      const target = byId ?? bySlug;
      if (!target) throw new AppError("bad_request", `${rule}: no project ${r.project ?? r.projectId}`);
      if (byId && r.project && byId.slug !== r.project)
        throw new AppError("bad_request", `${rule}: project ${r.project} and projectId ${r.projectId} differ`);
      if (target.id === project.id)
        throw new AppError("bad_request", `${rule}: review items go to another project than ${slug}`);
      if (!REVIEW_KINDS.includes(target.kind))
        throw new AppError(
          "bad_request",
          `${rule}: ${target.slug} is a ${target.kind} project; review items go to a comparison, ranking or demonstration project`,
        );
      if (target.status === "archived") throw new AppError("bad_request", `${rule}: ${target.slug} is archived`);
      return { when: r.when, rate: r.rate, projectId: target.id };
    });
    const next: FeedbackSettings = { ...data, routes };
    const before = await viewOf(tx, (await selectFeedbackSettings(tx, project.id))!);
    await writeFeedbackSettings(tx, project.id, next);
    const after = await viewOf(tx, next);
    await recordAudit(tx, {
      actorId,
      action: "project.feedback_settings",
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before,
      after,
    });
    return after;
  });
}

/** What the Settings tab's "Production feedback" section shows: the settings and the projects a rule may pick. */
export async function feedbackSettingsChoices(projectId: string) {
  const [settings, reviewProjects] = await Promise.all([
    selectFeedbackSettings(pool(), projectId),
    selectReviewProjects(pool(), projectId),
  ]);
  return { settings: await viewOf(pool(), settings!), reviewProjects };
}
