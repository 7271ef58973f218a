import { z } from "zod";
import { storableText } from "@/lib/validation/text";

const completionId = z.uuid({ message: "not a completion id" });

/**
 * A submitted answer. Strict: fields the client must not set (labeler, project, item,
 * slot ...) are refused rather than ignored.
 */
export const submitBodySchema = z
  .object({
    text: storableText().max(100_000, "text is longer than 100,000 characters").optional(),
    ranking: z.array(z.array(completionId).min(1, "a tie group cannot be empty")).min(1).max(9).optional(),
    strength: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    tie: z.enum(["good", "bad"]).optional(),
    ratings: z
      .record(z.string(), z.number().int().min(1, "ratings are 1 to 7").max(7, "ratings are 1 to 7"))
      .optional(),
    flags: z.record(z.string(), z.array(z.string().max(64)).max(32)).optional(),
    rewrite: z
      .object({ completionId, text: storableText().trim().min(1, "the rewrite is empty").max(100_000) })
      .strict()
      .optional(),
    comment: storableText().max(5_000, "comment is longer than 5,000 characters").optional(),
    timeSpentMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .strict();
export type SubmitBody = z.infer<typeof submitBodySchema>;

export const skipBodySchema = z
  .object({ reason: storableText().trim().min(1, "say why you skip").max(500, "reason is longer than 500 characters") })
  .strict();

export const draftBodySchema = z
  .object({ text: storableText().max(100_000, "text is longer than 100,000 characters") })
  .strict();

export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, "Idempotency-Key must be 8 to 200 characters")
  .max(200, "Idempotency-Key must be 8 to 200 characters");

/** The submit's query: `?next=1` asks for the next task in the same answer (docs/API.md). */
export const submitQuerySchema = z.object({
  next: z
    .enum(["true", "false", "1", "0"], { error: "next must be 1 or 0" })
    .default("false")
    .transform((v) => v === "true" || v === "1"),
});
