// Production feedback events (docs/FEEDBACK.md, "Sending feedback"): one schema per event, so
// that a bad event is refused alone (with its index and reason) and the rest of the batch is
// stored. The HTTP route and the CLI's `feedback import` parse the same events.
import { z } from "zod";
import { findUnstorableText } from "@/lib/domain/import/formats";
import { MAX_JSON_DEPTH, tooDeepReason } from "@/lib/domain/import/json-depth";
import { MAX_TEXT_LENGTH } from "@/lib/validation/text-limits";
import { storableText } from "@/lib/validation/text";

/** Events in one POST (and per transaction of `feedback import`). */
export const MAX_FEEDBACK_BATCH = 1000;
export const MAX_EVENT_ID_LENGTH = 200;
export const MAX_CONVERSATION_MESSAGES = 200;
export const MAX_ALTERNATIVES = 16;
/** metadata, as JSON text. */
export const MAX_METADATA_BYTES = 16_384;
/** model and user: short identifiers. */
export const MAX_LABEL_LENGTH = 200;

const text = (field: string) =>
  storableText().max(MAX_TEXT_LENGTH, `${field} is longer than ${MAX_TEXT_LENGTH.toLocaleString("en")} characters`);

const label = (field: string) =>
  storableText()
    .trim()
    .min(1, `${field} is empty`)
    .max(MAX_LABEL_LENGTH, `${field} is longer than ${MAX_LABEL_LENGTH} characters`);

export const feedbackMessageSchema = z
  .object({
    role: z.enum(["system", "user", "assistant"], 'role must be "system", "user" or "assistant"'),
    content: text("content"),
  })
  .strict();

const RATING_MESSAGE = 'rating must be "up", "down" or a whole number from 1 to 5';

/** "up"/"down" (thumbs) or a whole score 1..5 (one message whatever else was sent). */
export const feedbackRatingSchema = z.custom<"up" | "down" | number>(
  (value) =>
    value === "up" || value === "down" || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 5),
  RATING_MESSAGE,
);

/** True when arrays and objects nest deeper than `limit`; iterative, so any depth is safe to ask about. */
function nestsDeeper(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== "object") continue;
    if (depth > limit) return true;
    for (const inner of Object.values(v)) stack.push([inner, depth + 1]);
  }
  return false;
}

const metadataSchema = z.record(z.string(), z.unknown()).superRefine((value, ctx) => {
  // Before anything walks it recursively (the checks below, JSON.stringify, jsonb).
  if (nestsDeeper(value, MAX_JSON_DEPTH))
    return void ctx.addIssue({ code: "custom", message: `metadata ${tooDeepReason()}` });
  const unstorable = findUnstorableText(value, "metadata");
  if (unstorable) return void ctx.addIssue({ code: "custom", message: unstorable });
  const bytes = Buffer.byteLength(JSON.stringify(value));
  if (bytes > MAX_METADATA_BYTES)
    ctx.addIssue({ code: "custom", message: `metadata is ${bytes} bytes as JSON; at most ${MAX_METADATA_BYTES}` });
});

export const feedbackEventSchema = z
  .object({
    /** The sender's id: re-sending it changes nothing. */
    id: label("id").max(MAX_EVENT_ID_LENGTH),
    /** The conversation before the response. */
    conversation: z
      .array(feedbackMessageSchema)
      .min(1, "conversation needs at least one message")
      .max(MAX_CONVERSATION_MESSAGES, `conversation has more than ${MAX_CONVERSATION_MESSAGES} messages`),
    response: text("response"),
    rating: feedbackRatingSchema,
    edit: text("edit").optional(),
    alternatives: z
      .array(z.object({ text: text("text"), chosen: z.boolean() }).strict())
      .min(1, "alternatives is empty (leave it out)")
      .max(MAX_ALTERNATIVES, `more than ${MAX_ALTERNATIVES} alternatives`)
      .refine((list) => list.filter((a) => a.chosen).length <= 1, "at most one alternative can be chosen")
      .optional(),
    model: label("model").optional(),
    /** The sender's pseudonymous user id (never an email: see docs/FEEDBACK.md). */
    user: label("user").optional(),
    consent: z.boolean().optional(),
    metadata: metadataSchema.optional(),
    occurredAt: z.iso.datetime({
      offset: true,
      message: "occurredAt must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z",
    }),
  })
  .strict();
export type FeedbackEvent = z.output<typeof feedbackEventSchema>;

/** The POST body: the events are checked one by one by the use case. */
export const feedbackBatchSchema = z
  .object({
    events: z
      .array(z.unknown())
      .min(1, "send at least one event")
      .max(MAX_FEEDBACK_BATCH, `at most ${MAX_FEEDBACK_BATCH} events per request`),
  })
  .strict();

/** Why an event is refused, from its zod issues: "rating: ...; occurredAt: ...". */
export function eventProblem(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.join(".");
    if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) return `${where} is required`;
    return where && !issue.message.startsWith(where) ? `${where}: ${issue.message}` : issue.message;
  });
  return parts.join("; ");
}
