import { z } from "zod";

// What the JSON columns hold, parsed once by the function that reads them. Lean on purpose:
// the write path (lib/validation/tasks.ts, the importer) already checked the limits.

const storedToolCallSchema = z.object({
  id: z.string(),
  type: z.literal("function"),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export const chatMessageSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string(),
  tool_calls: z.array(storedToolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  name: z.string().optional(),
});
export const chatMessagesSchema = z.array(chatMessageSchema);

/** annotations.ranking: groups of completion ids, best first (ties share a group). */
export const storedRankingSchema = z.array(z.array(z.string()));
/** annotations.ratings: Likert 1-7 per completion id. */
export const storedRatingsSchema = z.record(z.string(), z.number());
/** annotations.flags: the flags raised per completion id. */
export const storedFlagsSchema = z.record(z.string(), z.array(z.string()));
/** annotations.rewrite: a labeler's better version of one completion. */
export const storedRewriteSchema = z.object({ completionId: z.string(), text: z.string() });

/**
 * items.metadata.tools: the item's OpenAI function definitions (kept whole: a JSON schema each).
 * Anything else under that key (an item imported before tools were read) counts as none.
 */
const storedToolDefinitionSchema = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({ name: z.string() }),
});
export const storedToolsSchema = z.unknown().transform((value) => {
  const parsed = z.array(storedToolDefinitionSchema).min(1).safeParse(value);
  return parsed.success ? parsed.data : null;
});
