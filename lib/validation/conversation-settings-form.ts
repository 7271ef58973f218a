// The Settings tab's "Conversation" section as its form sends it (docs/CONVERSATIONS.md,
// "Settings"): text fields, endpoint names in order, the tools as JSON text. The result is what
// updateConversationSettings takes, so the form refuses what `project set` refuses.
import { z } from "zod";
import { CONVERSATION_MODES, REPLY_SOURCES, toolDefinitionsSchema } from "@/lib/validation/conversations";

/** The tools textarea: empty is no tools; otherwise a JSON array of OpenAI function tools. */
export const toolsTextSchema = z.string().transform((text, ctx) => {
  if (text.trim() === "") return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `tools: not JSON (${(error as Error).message})` });
    return z.NEVER;
  }
  const parsed = toolDefinitionsSchema.safeParse(value);
  if (!parsed.success) {
    // One message for the one field, saying where in the JSON the problem is.
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length
      ? issue.path.map((p) => (typeof p === "number" ? `tool ${p + 1}` : String(p))).join(" → ")
      : "the list";
    const message =
      issue.path.length === 0 && issue.code === "invalid_type"
        ? 'tools: a JSON array of {"type": "function", "function": {"name", "description", "parameters"}}'
        : `tools: ${where}: ${issue.message}`;
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  }
  return parsed.data;
});

export const conversationSettingsFormSchema = z.object({
  conversationMode: z.enum(CONVERSATION_MODES, { error: "mode: helpfulness or red-team" }),
  replyCount: z.coerce.number().int().min(2, "replies per turn: 2 to 4").max(4, "replies per turn: 2 to 4"),
  replySource: z.enum(REPLY_SOURCES, { error: "source: one model sampled or different models" }),
  /** Endpoint names, in the order the form lists them; blanks are left out. */
  endpoints: z.array(z.string().trim().max(63)).transform((names) => names.filter(Boolean)),
  minTurns: z.coerce.number().int("minimum turns: a whole number").min(1, "minimum turns: at least 1").max(50),
  maxTurns: z.coerce
    .number()
    .int("maximum turns: a whole number")
    .min(1, "maximum turns: at least 1")
    .max(50, "maximum turns: at most 50"),
  maxConcurrentGenerations: z.coerce
    .number()
    .int()
    .min(1, "concurrent generations: 1 to 16")
    .max(16, "concurrent generations: 1 to 16"),
  ownOpenings: z.boolean(),
  tools: toolsTextSchema,
  /** Per cent in the form, a share in the settings. */
  turnReviewPercent: z.coerce
    .number({ error: "review rate: a per cent, 0 to 100" })
    .min(0, "review rate: 0 to 100 %")
    .max(100, "review rate: 0 to 100 %"),
  /** The review project's slug; "" for none. */
  reviewProject: z.string().trim().max(100),
});
export type ConversationSettingsForm = z.output<typeof conversationSettingsFormSchema>;
