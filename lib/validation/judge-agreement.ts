import { z } from "zod";

// The judge agreement report's inputs (HTTP query, CLI options, page URL).

/**
 * A judge's name as a URL or option gives it. Whatever names a judge passes (the judge's own
 * rule is checked when it is created); control characters or a lone surrogate name none, and
 * are refused before PostgreSQL would (a 500).
 */
export const judgeNameSchema = z
  .string()
  .min(1, "judge: a name is required")
  .max(128, "judge: at most 128 characters")
  .refine((name) => name.isWellFormed() && !/\p{Cc}/u.test(name), "judge: not a judge's name");

export const isJudgeName = (value: string) => judgeNameSchema.safeParse(value).success;

/** One page of the disagreements table. */
export const disagreementPageSchema = z.object({
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export type DisagreementPage = z.output<typeof disagreementPageSchema>;

/** The disagreements page number in the page's URL (?page=): anything else is the first page. */
export const pageNumberSchema = z.coerce.number().int().min(1).max(500_000).catch(1);
