// A project's production-feedback settings (docs/FEEDBACK.md), stored in projects.feedback_settings
// with named keys and a version. {} (the column's default) reads as the defaults below.
import { z } from "zod";
import { scrubPatternProblem } from "@/lib/domain/feedback/scrub-pii";

/** The PII kinds scrubbed on ingest, each on by default. */
export const PII_KINDS = ["email", "phone", "card", "ip"] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** What a routing rule matches: an event's signal. */
export const ROUTE_WHEN = ["down", "up", "low_score", "high_score", "edit", "regenerate", "any"] as const;
export type RouteWhen = (typeof ROUTE_WHEN)[number];

export const scrubPatternSchema = z
  .object({
    /** The kind counted and written in the replacement: "[ORDER_ID]". */
    name: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "pattern names: lower-case letters, digits and _, at most 40"),
    /** A JavaScript regular expression source, applied globally. */
    pattern: z
      .string()
      .min(1)
      .max(500)
      // Compiles, and cannot backtrack catastrophically (lib/domain/feedback/scrub-pii.ts).
      .superRefine((pattern, ctx) => {
        const problem = scrubPatternProblem(pattern);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
  })
  .strict();

export const feedbackRouteSchema = z
  .object({
    when: z.enum(ROUTE_WHEN),
    /** Share of matching events sent to review, 0..1 (decided per event id, so re-sending decides the same). */
    rate: z.number().min(0).max(1),
    /** The comparison, ranking or demonstration project that gets the review items. */
    projectId: z.uuid(),
  })
  .strict();
export type FeedbackRoute = z.infer<typeof feedbackRouteSchema>;

export const feedbackSettingsSchema = z
  .object({
    version: z.literal(1).default(1),
    /** Kinds of PII replaced on ingest; a kind left out is on. */
    scrub: z.partialRecord(z.enum(PII_KINDS), z.boolean()).default({}),
    /** The project's own patterns, scrubbed after the built-in kinds. */
    patterns: z.array(scrubPatternSchema).max(20).default([]),
    /** Events whose `consent` is not true are dropped (counted, never stored). */
    requireConsent: z.boolean().default(false),
    /** Routing rules, applied in order; an event goes to review at most once (the first rule that takes it). */
    routes: z.array(feedbackRouteSchema).max(20).default([]),
  })
  .strict();
export type FeedbackSettings = z.infer<typeof feedbackSettingsSchema>;

/** The stored settings as the code uses them: defaults filled in. */
export function readFeedbackSettings(stored: unknown): FeedbackSettings {
  return feedbackSettingsSchema.parse(stored ?? {});
}
