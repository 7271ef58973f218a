import "server-only";
import { once } from "node:events";
import type { Writable } from "node:stream";
import type { ExportFilters } from "@/lib/domain/export/filters";
import { feedbackRows, type ExportFeedbackEvent } from "@/lib/domain/export/feedback-rows";
import type { ExportFormat } from "@/lib/domain/export/formats";
import type { ManifestAccumulator } from "@/lib/domain/export/manifest";
import type { ExportAnnotation } from "@/lib/domain/export/rows";
import { wantsSource } from "@/lib/domain/export/sources";
import { pool } from "@/lib/server/db/client";
import { exportAnswers, exportCompletions } from "@/lib/server/export/export-queries";
import { countFeedbackEvents, exportFeedbackBatch } from "@/lib/server/export/provenance-queries";

const BATCH = 1000;

export interface FeedbackExportOptions {
  projectId: string;
  format: ExportFormat;
  filters: ExportFilters;
  manifest: ManifestAccumulator;
  sinks: Map<string, Writable | null>;
  /** Pseudonymous labeler id, as the item rows name them (per the review item's project). */
  pseudonym: (projectId: string, labelerId: string) => string;
  /** Called after each batch with the events visited so far. */
  onBatch?: (eventsDone: number) => void;
}

/** How many feedback events the export will visit (none when neither of their sources is wanted). */
export function feedbackEventsTotal(projectId: string, filters: ExportFilters): Promise<number> {
  if (!wantsFeedback(filters)) return Promise.resolve(0);
  return countFeedbackEvents(pool(), { projectId, ...window(filters) });
}

const wantsFeedback = (filters: ExportFilters) =>
  wantsSource(filters.sources, "production") || wantsSource(filters.sources, "human");

const window = (filters: ExportFilters) => ({
  from: filters.from === undefined ? null : new Date(filters.from),
  to: filters.to === undefined ? null : new Date(filters.to),
});

/**
 * Streams the rows of a project's feedback events after its items' (docs/EXPORTS.md "Rows from
 * feedback"), in order of occurrence, a batch at a time. `from`/`to` apply to when the event
 * occurred; the agreement, answer-count and flag filters apply to the project's items only.
 */
export async function streamFeedbackRows(options: FeedbackExportOptions): Promise<void> {
  const { projectId, format, filters, manifest, sinks, pseudonym, onBatch } = options;
  if (!wantsFeedback(filters)) return;
  const filter = { projectId, ...window(filters) };
  let after: { occurredAt: Date; id: string } | null = null;
  let done = 0;
  for (;;) {
    const batch = await exportFeedbackBatch(pool(), filter, after, BATCH);
    if (batch.length === 0) break;
    const last = batch[batch.length - 1]!;
    after = { occurredAt: last.occurredAt, id: last.id };
    // The review items' answers (a labeler's answer replaces the user's signal) and, for
    // comparison and ranking reviews, the completions they ranked.
    const reviewIds = [...new Set(batch.flatMap((e) => (e.review ? [e.review.itemId] : [])))];
    const [answerRows, completionRows] = reviewIds.length
      ? await Promise.all([
          exportAnswers(pool(), reviewIds, { from: null, to: null, labelers: null }),
          exportCompletions(pool(), reviewIds),
        ])
      : [[], []];
    for (const e of batch) {
      done += 1;
      const review = e.review;
      const event: ExportFeedbackEvent = {
        eventId: e.eventId,
        conversation: e.conversation,
        response: e.response,
        thumb: e.thumb,
        score: e.score,
        edit: e.edit,
        alternatives: e.alternatives,
        model: e.model,
        occurredAt: e.occurredAt,
        review: review
          ? {
              kind: review.kind,
              completions: new Map(
                completionRows
                  .filter((c) => c.itemId === review.itemId && c.position !== null)
                  .map((c) => [c.id, { text: c.text, model: c.model }]),
              ),
              answers: answerRows
                .filter((a) => a.itemId === review.itemId)
                .map((a): ExportAnnotation => ({
                  id: a.id,
                  labeler: pseudonym(review.projectId, a.labelerId),
                  createdAt: a.createdAt,
                  text: a.text,
                  ranking: a.ranking,
                  strength: a.strength,
                  tie: a.tieQuality,
                  ratings: a.ratings,
                  flags: a.flags,
                  comment: a.comment,
                  timeSpentMs: a.timeSpentMs,
                  displayOrder: a.displayOrder,
                  guidelineVersion: a.guidelineVersion,
                  rewrite: rewriteOf(completionRows, a.id),
                })),
            }
          : null,
      };
      const rows = feedbackRows(format, event).filter((r) => wantsSource(filters.sources, r.source));
      if (rows.length === 0) continue;
      const part = manifest.addFeedbackEvent(e.conversation);
      const sink = sinks.get(part) ?? null;
      for (const row of rows) {
        const chunk = `${row.line}\n`;
        manifest.addRow(part, chunk, row.source, row.label);
        if (sink && !sink.write(chunk)) await once(sink, "drain");
      }
    }
    onBatch?.(done);
  }
}

/** A labeler's rewrite on a review item (a comparison review's answer may carry one). */
function rewriteOf(
  completions: { annotationId: string | null; editedFromId: string | null; text: string }[],
  annotationId: string,
): ExportAnnotation["rewrite"] {
  const rewrite = completions.find((c) => c.annotationId === annotationId);
  return rewrite ? { editedFrom: rewrite.editedFromId ?? "", text: rewrite.text } : null;
}
