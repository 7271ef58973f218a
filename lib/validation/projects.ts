import { z } from "zod";
import { storableText } from "@/lib/validation/text";

export const projectKindSchema = z.enum(["demonstration", "comparison", "ranking", "conversation"]);

const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Whether a value taken from a URL can name a project at all (before any database lookup). */
export const isProjectSlug = (value: string) => SLUG_PATTERN.test(value);

export const slugSchema = z
  .string()
  .trim()
  .regex(SLUG_PATTERN, "slug: lower-case letters, digits and dashes, starting with a letter or digit, at most 63");

export const createProjectSchema = z
  .object({
    slug: slugSchema,
    name: storableText().trim().min(1).max(200).optional(),
    kind: projectKindSchema,
    overlap: z.coerce
      .number()
      .int()
      .min(1, "overlap must be at least 1")
      .max(100, "overlap must be at most 100")
      .default(1),
    guidelines: storableText().max(200_000, "guidelines are too long").optional(),
  })
  .strict();
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const addMemberSchema = z
  .object({
    email: storableText().trim().toLowerCase().min(3).max(254),
    /** Peer review (docs/QUALITY.md): "reviewer" also reviews the others' demonstrations. */
    role: z.enum(["labeler", "reviewer"], { error: "role must be labeler or reviewer" }).optional(),
  })
  .strict();

const flagId = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "flags: lower-case letters, digits and _, starting with a letter");

export const updateProjectSchema = z
  .object({
    name: storableText().trim().min(1, "name is required").max(200),
    overlap: z.coerce.number().int().min(1, "overlap must be at least 1").max(100, "overlap must be at most 100"),
    leaseMinutes: z.coerce.number().int().min(1, "lease: at least 1 minute").max(1440, "lease: at most 24 hours"),
    minCompletions: z.coerce.number().int().min(0).max(9),
    maxCompletions: z.coerce.number().int().min(0).max(9),
    likertEnabled: z.boolean(),
    flags: z.array(flagId).max(20, "at most 20 flags"),
    minDemoLength: z.coerce.number().int().min(0).max(100_000),
    /** How long labelers may change an answer (0: never). Left out, or blank: unchanged (a blank
     * field is never read as 0, which would turn changes off). */
    editWindowMinutes: z.preprocess(
      (value) => (value === "" || value === null ? undefined : value),
      z.coerce
        .number()
        .int()
        .min(0, "edit window: at least 0 minutes")
        .max(10080, "edit window: at most 7 days")
        .optional(),
    ),
    guidelines: storableText().max(200_000, "guidelines are too long"),
  })
  .strict()
  .refine((p) => p.minCompletions <= p.maxCompletions, {
    message: "the minimum number of completions is above the maximum",
    path: ["minCompletions"],
  });
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

/** The statuses an admin sets. */
export const projectStatusSchema = z.enum(["active", "paused", "archived"]);
/** Every status a project row may have: also `draft`, which only the quality program sets (docs/QUALITY.md). */
export const storedProjectStatusSchema = z.enum(["active", "paused", "archived", "draft"]);
