// Feedback settings as an admin gives them (docs/API.md, "Feedback settings"): the stored shape
// of feedback-settings.ts, with a rule's project named by slug or id. The whole object replaces
// the stored one; fields left out take their defaults.
import { z } from "zod";
import { feedbackSettingsSchema, ROUTE_WHEN, scrubPatternSchema } from "@/lib/validation/feedback-settings";
import { slugSchema } from "@/lib/validation/projects";

/**
 * Why a scrub pattern cannot be used, or null: it must compile as a JavaScript regular
 * expression (applied with the g flag) and must not match empty text (every position
 * would be a replacement).
 */
export function scrubPatternError(pattern: string): string | null {
  let re: RegExp;
  try {
    re = new RegExp(pattern, "g");
  } catch (error) {
    return `does not compile: ${(error as Error).message}`;
  }
  if (re.test("")) return "matches empty text";
  return null;
}

export const feedbackRouteInputSchema = z
  .object({
    when: z.enum(ROUTE_WHEN, { error: `when: one of ${ROUTE_WHEN.join(", ")}` }),
    rate: z.number({ error: "rate: a number from 0 to 1" }).min(0, "rate: 0 to 1").max(1, "rate: 0 to 1"),
    /** The target project, by slug (the CLI and the Settings tab) ... */
    project: slugSchema.nullish(),
    /** ... or by id; the settings are read back with both, and both given must name one project. */
    projectId: z.uuid().optional(),
  })
  .strict()
  .refine((r) => (r.project ?? r.projectId) !== undefined, {
    message: "a rule names its project: project (slug) or projectId",
  });
export type FeedbackRouteInput = z.infer<typeof feedbackRouteInputSchema>;

export const feedbackSettingsInputSchema = feedbackSettingsSchema
  .extend({
    patterns: z
      .array(
        scrubPatternSchema.superRefine((p, ctx) => {
          const error = scrubPatternError(p.pattern);
          if (error) ctx.addIssue({ code: "custom", path: ["pattern"], message: `pattern ${p.name} ${error}` });
        }),
      )
      .max(20, "at most 20 patterns")
      .default([])
      .refine((ps) => new Set(ps.map((p) => p.name)).size === ps.length, "two patterns have the same name"),
    routes: z.array(feedbackRouteInputSchema).max(20, "at most 20 rules").default([]),
  })
  .strict();
export type FeedbackSettingsInput = z.input<typeof feedbackSettingsInputSchema>;
