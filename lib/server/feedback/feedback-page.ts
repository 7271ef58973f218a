import "server-only";
import { pageOf } from "@/lib/domain/conversation/admin-view";
import { pool } from "@/lib/server/db/client";
import {
  selectFeedbackPerDay,
  selectFeedbackPerModel,
  selectFeedbackTotals,
  selectHasFeedback,
  selectRecentFeedback,
  selectReviewAnswers,
  selectRouteOutcomes,
  selectScoreDistribution,
  selectScrubCounts,
} from "@/lib/server/feedback/feedback-page-queries";
import { selectFeedbackSettings, selectProjectsByRef } from "@/lib/server/feedback/feedback-settings-queries";

export const FEEDBACK_DAYS = 30;
export const FEEDBACK_PAGE_SIZE = 20;

/** Whether the project page shows its Feedback tab: feedback events, or settings of its own. */
export function projectHasFeedback(projectId: string): Promise<boolean> {
  return selectHasFeedback(pool(), projectId);
}

/**
 * The Feedback tab (docs/FEEDBACK.md, "The feedback page"): volume per day, thumbs and scores per
 * model, what each routing rule did and what labelers answered, scrubbing, and a page of events.
 * Everything is summed in SQL; the events list carries only the texts it shows, never userRef.
 */
export async function feedbackPage(projectId: string, pageParam: unknown) {
  const db = pool();
  const [totals, perDay, perModel, scores, scrub, outcomes, answers, settings] = await Promise.all([
    selectFeedbackTotals(db, projectId),
    selectFeedbackPerDay(db, projectId, FEEDBACK_DAYS),
    selectFeedbackPerModel(db, projectId, 20),
    selectScoreDistribution(db, projectId),
    selectScrubCounts(db, projectId),
    selectRouteOutcomes(db, projectId),
    selectReviewAnswers(db, projectId),
    selectFeedbackSettings(db, projectId),
  ]);
  const events = totals!.events;
  const page = pageOf(pageParam, events, FEEDBACK_PAGE_SIZE);
  const recent = events ? await selectRecentFeedback(db, projectId, page, FEEDBACK_PAGE_SIZE) : [];
  const routes = settings?.routes ?? [];
  const targets = new Map(
    (routes.length ? await selectProjectsByRef(db, [...new Set(routes.map((r) => r.projectId))], []) : []).map((p) => [
      p.id,
      p,
    ]),
  );
  // A rule is known by its signal and project (what route_log records): reordering rules keeps their counts.
  const seen = new Set<string>();
  const rules = routes.map((r, i) => {
    const key = `${r.when}\n${r.projectId}`;
    const first = !seen.has(key);
    seen.add(key);
    const o = first ? outcomes.find((x) => x.when === r.when && x.project_id === r.projectId) : undefined;
    const a = first ? answers.find((x) => x.when === r.when && x.project_id === r.projectId) : undefined;
    const target = targets.get(r.projectId);
    return {
      index: i + 1,
      when: r.when,
      rate: r.rate,
      project: target ? { slug: target.slug, name: target.name, kind: target.kind } : null,
      routed: o?.routed ?? 0,
      notRoutable: o?.not_routable ?? 0,
      sampledOut: o?.sampled_out ?? 0,
      answeredItems: a?.items ?? 0,
      answers: a?.answers ?? 0,
      confirmed: a?.confirmed ?? 0,
      corrected: a?.corrected ?? 0,
    };
  });
  return {
    totals: totals!,
    perDay,
    perModel: perModel.map((m) => ({
      model: m.model,
      events: m.events,
      up: m.up,
      down: m.down,
      scored: m.scored,
      meanScore: m.mean_score,
    })),
    scores: totals!.scored ? scores : null,
    scrub,
    rules,
    recent,
    page,
    pages: Math.max(1, Math.ceil(events / FEEDBACK_PAGE_SIZE)),
  };
}
export type FeedbackPageData = Awaited<ReturnType<typeof feedbackPage>>;
