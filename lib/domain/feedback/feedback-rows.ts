// A checked feedback event as it is stored: scrubbed, its rating split into a thumb or a score.
import type { FeedbackEvent } from "@/lib/validation/feedback-events";
import { scrubJson, type ScrubCounts, type Scrubber } from "@/lib/domain/feedback/scrub-pii";

export interface FeedbackRow {
  eventId: string;
  conversation: { role: string; content: string }[];
  response: string;
  thumb: boolean | null;
  score: number | null;
  edit: string | null;
  alternatives: { text: string; chosen: boolean }[] | null;
  model: string | null;
  userRef: string | null;
  consent: boolean | null;
  metadata: Record<string, unknown>;
  scrubbed: ScrubCounts;
  occurredAt: string;
}

/**
 * The row for an event: every free text scrubbed (conversation contents, response, edit, the
 * alternatives' texts, the strings in metadata); the identifiers (id, model, user) are kept as
 * sent, so that re-sends and per-model figures still match.
 */
export function feedbackRow(event: FeedbackEvent, scrubber: Scrubber): FeedbackRow {
  const counts: ScrubCounts = {};
  const text = (value: string) => scrubber.text(value, counts);
  return {
    eventId: event.id,
    conversation: event.conversation.map((m) => ({ role: m.role, content: text(m.content) })),
    response: text(event.response),
    thumb: typeof event.rating === "string" ? event.rating === "up" : null,
    score: typeof event.rating === "number" ? event.rating : null,
    edit: event.edit === undefined ? null : text(event.edit),
    alternatives: event.alternatives?.map((a) => ({ text: text(a.text), chosen: a.chosen })) ?? null,
    model: event.model ?? null,
    userRef: event.user ?? null,
    consent: event.consent ?? null,
    metadata: event.metadata ? (scrubJson(event.metadata, scrubber, counts) as Record<string, unknown>) : {},
    scrubbed: counts,
    occurredAt: new Date(event.occurredAt).toISOString(),
  };
}
