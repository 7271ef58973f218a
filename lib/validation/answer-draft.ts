import { z } from "zod";
import { storableText } from "@/lib/validation/text";
import { MAX_COMMENT_LENGTH, MAX_TEXT_LENGTH } from "@/lib/validation/text-limits";

// A comparison or ranking in progress, as the labeling page saves it with the task's draft
// (PUT /api/tasks/{leaseId}/draft). Every field has the limit of the submit body it becomes
// (lib/validation/tasks.ts), so a draft never holds what could not be submitted, and the
// whole draft stays small: nine completions at most, each with one rating and its flags.

const completionId = z.uuid({ message: "not a completion id" });
const MAX_COMPLETIONS = 9;
const atMostPerCompletion = (value: object) => Object.keys(value).length <= MAX_COMPLETIONS;

export const answerDraftSchema = z
  .object({
    /** Comparison: A, B, or a tie (both good, both bad). */
    choice: z.enum(["a", "b", "good", "bad"]).nullable().optional(),
    strength: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .nullable()
      .optional(),
    /** Ranking: tie groups of completion ids, best first, and whether the labeler set them. */
    ranking: z.array(z.array(completionId).min(1).max(MAX_COMPLETIONS)).max(MAX_COMPLETIONS).optional(),
    ordered: z.boolean().optional(),
    ratings: z
      .record(completionId, z.number().int().min(1, "ratings are 1 to 7").max(7, "ratings are 1 to 7"))
      .refine(atMostPerCompletion, "more ratings than completions")
      .optional(),
    flags: z
      .record(completionId, z.array(z.string().max(64)).max(32))
      .refine(atMostPerCompletion, "more flag lists than completions")
      .optional(),
    /** The rewrite and the completion it rewrites (lib/domain/rewrite-draft.ts). */
    rewrite: z
      .object({
        sourceId: completionId,
        text: storableText().max(MAX_TEXT_LENGTH, "the rewrite is longer than 100,000 characters"),
        kept: z.boolean(),
      })
      .strict()
      .nullable()
      .optional(),
    comment: storableText().max(MAX_COMMENT_LENGTH, "comment is longer than 5,000 characters").optional(),
  })
  .strict();
export type AnswerDraft = z.infer<typeof answerDraftSchema>;
