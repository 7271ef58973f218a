// Export rows from production feedback (docs/EXPORTS.md "Rows from feedback"). An event's
// signals become answers on a small item of its own (the conversation as the prompt, the
// response and the regenerated alternatives as completions), so that every format writes them
// exactly as it writes labelers' answers (rows.ts). Pure.
//
// Unreviewed events give `production` rows: a thumb or a score a KTO label on the response,
// an edit a rewrite of the response (an SFT row and a pair edit > response), a regenerate
// choice pairs chosen > each other text. An event whose review item has labelers' answers gives
// theirs instead (`human`): the user's own signal is left out.
import type { ChatMessage } from "@/lib/domain/content-hash";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { exportRows, type ExportAnnotation, type ExportItem } from "@/lib/domain/export/rows";
import type { RowSource, SourcedLine } from "@/lib/domain/export/sources";
import type { ProjectKind } from "@/lib/domain/project-kinds";

export interface ExportFeedbackReview {
  /** The review project's kind: a demonstration review confirms or corrects the response. */
  kind: ProjectKind;
  /** The review item's completions by id (comparison and ranking reviews rank them). */
  completions: Map<string, { text: string; model: string | null }>;
  /** The labelers' submitted answers on the review item, oldest first. */
  answers: ExportAnnotation[];
}

export interface ExportFeedbackEvent {
  eventId: string;
  conversation: ChatMessage[];
  response: string;
  thumb: boolean | null;
  score: number | null;
  edit: string | null;
  alternatives: { text: string; chosen: boolean }[] | null;
  model: string | null;
  occurredAt: Date;
  /** Null when the event was not routed to review. */
  review: ExportFeedbackReview | null;
}

const RESPONSE = "response";

/** The KTO label of a rating: up or 4-5 desirable, down or 1-2 undesirable, 3 none. */
export function ratingLabel(thumb: boolean | null, score: number | null): boolean | null {
  if (thumb !== null) return thumb;
  if (score === null) return null;
  return score >= 4 ? true : score <= 2 ? false : null;
}

/** Texts equal but for whitespace: a demonstration review that confirms the response. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\s+/g, " ").trim();
  return norm(a) === norm(b);
}

/** The `item_id` of an event's rows: the sender's event id, marked as feedback. */
export const feedbackItemId = (eventId: string) => `feedback:${eventId}`;

function answer(id: string, source: RowSource, fields: Partial<ExportAnnotation>): ExportAnnotation {
  return {
    id,
    labeler: "",
    createdAt: new Date(0),
    text: null,
    ranking: null,
    strength: null,
    tie: null,
    ratings: null,
    flags: null,
    comment: null,
    timeSpentMs: null,
    displayOrder: [],
    guidelineVersion: 0,
    rewrite: null,
    source,
    ...fields,
  };
}

/** A KTO label on the response, as rows.ts reads one: a tie of one completion, good or bad. */
const labelAnswer = (id: string, source: RowSource, label: boolean) =>
  answer(id, source, { ranking: [[RESPONSE]], tie: label ? "good" : "bad" });

/** The user's own signals as answers on the event's item (`production`). */
function productionAnswers(
  format: ExportFormat,
  e: ExportFeedbackEvent,
  completions: Map<string, { text: string }>,
): ExportAnnotation[] {
  const answers: ExportAnnotation[] = [];
  const label = ratingLabel(e.thumb, e.score);
  if (label !== null) answers.push(labelAnswer("rating", "production", label));
  if (e.edit !== null && !sameText(e.edit, e.response))
    answers.push(answer("edit", "production", { rewrite: { editedFrom: RESPONSE, text: e.edit } }));
  // Regenerate: exactly one chosen text, preferred over every other text the user saw. Pairs
  // only: KTO labels come from ratings alone.
  const chosen = (e.alternatives ?? []).filter((a) => a.chosen);
  if (chosen.length === 1 && format !== "kto") {
    const chosenId = [...completions].find(([, c]) => c.text === chosen[0]!.text)![0];
    const others = [...completions.keys()].filter((id) => id !== chosenId);
    if (others.length > 0) answers.push(answer("regenerate", "production", { ranking: [[chosenId], others] }));
  }
  return answers;
}

/** A demonstration review: each labeler confirms the response (KTO true) or corrects it. */
function demonstrationReviewAnswers(review: ExportFeedbackReview, response: string): ExportAnnotation[] {
  return review.answers.flatMap((a) => {
    if (a.text === null) return [];
    if (sameText(a.text, response)) return [labelAnswer(a.id, "human", true)];
    // Corrected: the correction is an SFT row and preferred to the response, which is undesirable.
    return [
      answer(a.id, "human", { labeler: a.labeler, rewrite: { editedFrom: RESPONSE, text: a.text } }),
      labelAnswer(a.id, "human", false),
    ];
  });
}

/** The rows one feedback event contributes, in a fixed order. */
export function feedbackRows(format: ExportFormat, e: ExportFeedbackEvent): SourcedLine[] {
  const reviewed = e.review !== null && e.review.answers.length > 0;
  if (format === "raw") return [{ line: JSON.stringify(rawEvent(e)), source: reviewed ? "human" : "production" }];
  // Formats with no row from feedback: consensus winners, flags, red-team attempts.
  if (format === "best-of-n" || format === "safety" || format === "red-team") return [];
  const item: ExportItem = {
    externalId: feedbackItemId(e.eventId),
    agreement: null,
    messages: e.conversation,
    completions: new Map(),
    annotations: [],
  };
  if (reviewed && e.review!.kind !== "demonstration") {
    // A comparison or ranking review: the labelers' rankings of the review item, as any item's.
    item.completions = e.review!.completions;
    item.annotations = e.review!.answers.map((a) => ({ ...a, source: "human" }));
  } else {
    item.completions.set(RESPONSE, { text: e.response, model: e.model });
    for (const [i, alt] of (e.alternatives ?? []).entries())
      if (![...item.completions.values()].some((c) => c.text === alt.text))
        item.completions.set(`alternative-${i}`, { text: alt.text, model: null });
    item.annotations = reviewed
      ? demonstrationReviewAnswers(e.review!, e.response)
      : productionAnswers(format, e, item.completions);
  }
  return exportRows(format, item);
}

/** raw: the event as stored (no sender's user id or metadata), with its review's answers. */
function rawEvent(e: ExportFeedbackEvent) {
  return {
    feedback_event: e.eventId,
    item: feedbackItemId(e.eventId),
    occurred_at: e.occurredAt.toISOString(),
    model: e.model,
    prompt: e.conversation,
    response: e.response,
    thumb: e.thumb,
    score: e.score,
    edit: e.edit,
    alternatives: e.alternatives,
    review: e.review
      ? e.review.answers.map((a) => ({
          labeler: a.labeler,
          created_at: a.createdAt.toISOString(),
          text: a.text,
          ranking: a.ranking,
          strength: a.strength,
          tie: a.tie,
        }))
      : null,
    source: e.review && e.review.answers.length > 0 ? "human" : "production",
  };
}
