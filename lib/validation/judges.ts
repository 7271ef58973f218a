// AI judges (docs/JUDGES.md): the requests the API, the CLI and the Judges tab share.
import { z } from "zod";
import { templateProblem } from "@/lib/domain/judges/template";
import { storableText } from "@/lib/validation/text";

export const judgeNameSchema = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    "a judge's name: lower-case letters, digits and -, at most 63 (not starting with -)",
  );

const promptSchema = storableText()
  .max(50_000, "the prompt template is too long (at most 50,000 characters)")
  .superRefine((text, ctx) => {
    const problem = templateProblem(text);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const auditRateSchema = z.coerce
  .number()
  .min(0, "the audit rate is a share from 0 to 1")
  .max(1, "the audit rate is a share from 0 to 1");

export const createJudgeSchema = z
  .object({
    name: judgeNameSchema,
    /** An endpoint's name or id (model list). */
    model: z.string().trim().min(1, "model: an endpoint's name or id").max(63),
    /** Left out: the default template (docs/JUDGES.md). */
    prompt: promptSchema.optional(),
    auditRate: auditRateSchema.default(0.1),
    routing: z.boolean().default(false),
  })
  .strict();
export type CreateJudgeInput = z.input<typeof createJudgeSchema>;

export const updateJudgeSchema = z
  .object({
    model: z.string().trim().min(1).max(63).optional(),
    /** A prompt that differs from the current one becomes a new version. */
    prompt: promptSchema.optional(),
    auditRate: auditRateSchema.optional(),
    routing: z.boolean().optional(),
  })
  .strict();
export type UpdateJudgeInput = z.input<typeof updateJudgeSchema>;

export const startJudgeRunSchema = z.object({}).strict();

export const judgeSuggestionsSchema = z.object({ showJudgeSuggestions: z.boolean() }).strict();
