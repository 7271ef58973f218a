import "server-only";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { findFeedbackProject, insertFeedbackEvents } from "@/lib/server/feedback/feedback-queries";
import { routeFeedbackEvents, type StoredFeedbackEvent } from "@/lib/server/feedback/route-feedback";
import { feedbackRow, type FeedbackRow } from "@/lib/domain/feedback/feedback-rows";
import { makeScrubber } from "@/lib/domain/feedback/scrub-pii";
import { compileLinear } from "@/lib/server/feedback/linear-regexp";
import { readFeedbackSettings } from "@/lib/validation/feedback-settings";
import { eventProblem, feedbackEventSchema, MAX_FEEDBACK_BATCH } from "@/lib/validation/feedback-events";

/** What became of each event of a batch, by its position in the batch (0-based). */
export interface FeedbackOutcome {
  /** Stored now. `id` is the sender's event id. */
  accepted: { index: number; id: string }[];
  /** Already stored (an earlier request, or earlier in this batch): nothing changed. */
  duplicates: { index: number; id: string }[];
  /** Not stored: invalid, or without consent where the project requires it. */
  refused: { index: number; id?: string; reason: string }[];
}

export const NO_CONSENT = "no consent";

/**
 * Stores a batch of production feedback events in a project (docs/FEEDBACK.md): each event is
 * checked alone (a bad one is refused with its reason, the others go on), scrubbed of PII as
 * the project's settings say, dropped without consent when the project requires it, and the
 * new ones are stored in one transaction with one statement, idempotent on the sender's event
 * id; routing (routeFeedbackEvents) sees only those stored now, in the same transaction. The
 * caller is an admin's ingest token (HTTP) or the operator (CLI); both come here.
 */
export async function ingestFeedback(input: { slug: string; events: readonly unknown[] }): Promise<FeedbackOutcome> {
  if (input.events.length > MAX_FEEDBACK_BATCH)
    throw new AppError("bad_request", `at most ${MAX_FEEDBACK_BATCH} events per batch`);
  const project = await findFeedbackProject(pool(), input.slug);
  if (!project) throw new AppError("not_found", `no project with slug ${input.slug}`);
  if (project.status === "archived") throw new AppError("conflict", "This project is archived: it takes no feedback");
  if (project.kind === "conversation")
    // Its exports are built from the labelers' own turns, per turn; a production event is one
    // finished response, which belongs to a demonstration, comparison or ranking project.
    throw new AppError(
      "conflict",
      "A conversation project takes no production feedback: send it to a demonstration, comparison or ranking project",
    );
  const settings = readFeedbackSettings(project.feedbackSettings);
  const scrubber = makeScrubber(settings, compileLinear);

  const outcome: FeedbackOutcome = { accepted: [], duplicates: [], refused: [] };
  const rows: { index: number; row: FeedbackRow }[] = [];
  const seen = new Set<string>();
  input.events.forEach((raw, index) => {
    const parsed = feedbackEventSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      outcome.refused.push({ index, ...(typeof id === "string" ? { id } : {}), reason: eventProblem(parsed.error) });
      return;
    }
    const event = parsed.data;
    if (settings.requireConsent && event.consent !== true) {
      outcome.refused.push({ index, id: event.id, reason: NO_CONSENT });
      return;
    }
    if (seen.has(event.id)) {
      outcome.duplicates.push({ index, id: event.id });
      return;
    }
    seen.add(event.id);
    rows.push({ index, row: feedbackRow(event, scrubber) });
  });

  if (rows.length > 0) {
    await inTransaction(async (tx) => {
      const stored = await insertFeedbackEvents(
        tx,
        project.id,
        rows.map((r) => r.row),
      );
      const routed: StoredFeedbackEvent[] = [];
      for (const { index, row } of rows) {
        const id = stored.get(row.eventId);
        if (!id) {
          outcome.duplicates.push({ index, id: row.eventId });
          continue;
        }
        outcome.accepted.push({ index, id: row.eventId });
        routed.push({
          id,
          eventId: row.eventId,
          conversation: row.conversation,
          response: row.response,
          thumb: row.thumb,
          score: row.score,
          edit: row.edit,
          alternatives: row.alternatives,
          model: row.model,
        });
      }
      if (routed.length > 0) await routeFeedbackEvents(tx, { projectId: project.id, settings, events: routed });
    });
  }
  outcome.duplicates.sort((a, b) => a.index - b.index);
  return outcome;
}
