import "server-only";
import type { ChatMessage } from "@/lib/domain/content-hash";
import type { ImportedItem } from "@/lib/domain/import/types";
import { decideRoute, type ReviewKind, type RouteRule } from "@/lib/domain/feedback/routing";
import type { Tx } from "@/lib/server/db/client";
import { writeItemBatch } from "@/lib/server/import/import-queries";
import {
  itemIdsByExternalId,
  projectSlugOf,
  selectRouteTargets,
  writeRouteRecords,
  type RouteRecord,
} from "@/lib/server/feedback/route-queries";
import type { FeedbackSettings } from "@/lib/validation/feedback-settings";

/** A feedback event just stored, as routing reads it. */
export interface StoredFeedbackEvent {
  /** feedback_events.id */
  id: string;
  /** The sender's id (routing samples by it, so a re-send decides the same). */
  eventId: string;
  conversation: { role: string; content: string }[];
  response: string;
  thumb: boolean | null;
  score: number | null;
  edit: string | null;
  alternatives: { text: string; chosen: boolean }[] | null;
  model: string | null;
}

const REVIEW_KINDS: readonly string[] = ["comparison", "ranking", "demonstration"] satisfies ReviewKind[];

/** A review item's external id: the stored event's own id, unique across source projects. */
export const reviewExternalId = (feedbackEventId: string) => `feedback:${feedbackEventId}`;

/**
 * Sends the events the project's routing rules take to review: an item in the rule's project,
 * linked from feedback_events.review_item_id. Called by ingest in the transaction that stored
 * the events (only events stored now, never duplicates). Issue 15, point 2.
 *
 * Rules apply in order and an event goes to review at most once (decideRoute). A rule whose
 * project is gone, archived or not a comparison, ranking or demonstration project takes
 * nothing. Every rule that matched an event is recorded in feedback_events.route_log.
 */
export async function routeFeedbackEvents(
  tx: Tx,
  input: { projectId: string; settings: FeedbackSettings; events: StoredFeedbackEvent[] },
): Promise<{ routed: number }> {
  const { projectId, settings, events } = input;
  if (settings.routes.length === 0 || events.length === 0) return { routed: 0 };
  const targets = new Map(
    (await selectRouteTargets(tx, [...new Set(settings.routes.map((r) => r.projectId))])).map((t) => [t.id, t]),
  );
  // A rule without a usable project keeps its index (sampling hashes it) but matches nothing.
  const usable = settings.routes.map((r) => {
    const t = targets.get(r.projectId);
    return t && t.status !== "archived" && REVIEW_KINDS.includes(t.kind) && t.id !== projectId ? t : null;
  });
  const rules: RouteRule[] = settings.routes.map((r, i) => ({
    when: r.when,
    rate: r.rate,
    kind: (usable[i]?.kind as ReviewKind | undefined) ?? null,
    maxCompletions: usable[i]?.maxCompletions,
  }));
  const slug = await projectSlugOf(tx, projectId);

  const records = new Map<string, RouteRecord>();
  const byTarget = new Map<string, { eventIds: string[]; items: ImportedItem[] }>();
  for (const e of events) {
    const decision = decideRoute(projectId, rules, e);
    const log = decision.outcomes.map(({ rule, outcome }) => ({
      rule,
      when: settings.routes[rule]!.when,
      projectId: settings.routes[rule]!.projectId,
      outcome,
    }));
    const record: RouteRecord = { id: e.id, log, routedBy: null, reviewItemId: null };
    records.set(e.id, record);
    if (!decision.routed) continue;
    const rule = settings.routes[decision.routed.rule]!;
    record.routedBy = rule.when;
    const batch = byTarget.get(rule.projectId) ?? { eventIds: [], items: [] };
    byTarget.set(rule.projectId, batch);
    batch.eventIds.push(e.id);
    batch.items.push({
      externalId: reviewExternalId(e.id),
      messages: e.conversation as ChatMessage[],
      completions: decision.routed.completions.map((c) => ({ text: c.text, model: c.model ?? undefined })),
      // Who sent the feedback stays out: labelers see the item, never the user (no userRef).
      metadata: {
        feedback: {
          project: slug,
          eventId: e.eventId,
          rating: e.thumb === null ? e.score : e.thumb ? "up" : "down",
          model: e.model,
          rule: decision.routed.rule,
          when: rule.when,
        },
      },
      priority: 0,
    });
  }

  let routed = 0;
  for (const [targetId, batch] of byTarget) {
    const target = targets.get(targetId)!;
    await writeItemBatch(tx, target, batch.items);
    const ids = new Map(
      (
        await itemIdsByExternalId(
          tx,
          targetId,
          batch.items.map((i) => i.externalId!),
        )
      ).map((r) => [r.externalId, r.id]),
    );
    for (const eventId of batch.eventIds) {
      const record = records.get(eventId)!;
      record.reviewItemId = ids.get(reviewExternalId(eventId)) ?? null;
      if (record.reviewItemId) routed += 1;
      else record.routedBy = null;
    }
  }
  await writeRouteRecords(tx, [...records.values()]);
  return { routed };
}
