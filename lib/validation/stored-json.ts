import { z } from "zod";

// What the JSON columns hold, parsed once by the function that reads them. Lean on purpose:
// the write path (lib/validation/tasks.ts, the importer) already checked the limits.

export const chatMessageSchema = z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string() });
export const chatMessagesSchema = z.array(chatMessageSchema);

/** annotations.ranking: groups of completion ids, best first (ties share a group). */
export const storedRankingSchema = z.array(z.array(z.string()));
/** annotations.ratings: Likert 1-7 per completion id. */
export const storedRatingsSchema = z.record(z.string(), z.number());
/** annotations.flags: the flags raised per completion id. */
export const storedFlagsSchema = z.record(z.string(), z.array(z.string()));
/** annotations.rewrite: a labeler's better version of one completion. */
export const storedRewriteSchema = z.object({ completionId: z.string(), text: z.string() });
