// Conversation projects (docs/CONVERSATIONS.md): the bodies the conversation API takes, the
// project's conversation settings, and what the conversation columns hold.
import { z } from "zod";
import { submitBodySchema } from "@/lib/validation/tasks";
import { storableText } from "@/lib/validation/text";
import { MAX_COMMENT_LENGTH, MAX_TEXT_LENGTH } from "@/lib/validation/text-limits";

export const CONVERSATION_MODES = ["helpfulness", "red_team"] as const;
export type ConversationMode = (typeof CONVERSATION_MODES)[number];
export const REPLY_SOURCES = ["sample", "models"] as const;
export type ReplySource = (typeof REPLY_SOURCES)[number];

/** A tool call as OpenAI's API carries it: `arguments` is a JSON string. */
export const toolCallSchema = z
  .object({
    id: z.string().min(1).max(200),
    type: z.literal("function"),
    function: z.object({ name: z.string().min(1).max(200), arguments: z.string().max(MAX_TEXT_LENGTH) }),
  })
  .strip();
export type ToolCall = z.infer<typeof toolCallSchema>;

/** OpenAI function tool definitions, as a project sends them with every turn. */
export const toolDefinitionsSchema = z
  .array(
    z
      .object({
        type: z.literal("function"),
        function: z
          .object({
            name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "tool names: letters, digits, _ and -, at most 64"),
            description: z.string().max(2_000).optional(),
            parameters: z.record(z.string(), z.unknown()).optional(),
          })
          .strict(),
      })
      .strict(),
  )
  .max(32, "at most 32 tools");

/**
 * A message the labeler adds at a turn: what the user says next, or, after a reply that called
 * tools, the result of each call (the labeler plays the tools).
 */
export const turnBodySchema = z
  .object({
    /** The turn this is (0-based): a retry of the same turn is answered, not added twice. */
    index: z.number().int().min(0).max(49).optional(),
    message: storableText()
      .trim()
      .min(1, "write your message first")
      .max(MAX_TEXT_LENGTH, "the message is longer than 100,000 characters")
      .optional(),
    toolResults: z
      .array(
        z
          .object({
            toolCallId: z.string().min(1).max(200),
            content: storableText().max(MAX_TEXT_LENGTH, "a tool result is longer than 100,000 characters"),
          })
          .strict(),
      )
      .min(1, "give the result of each tool call")
      .max(32)
      .optional(),
  })
  .strict()
  .refine((b) => b.message === undefined || b.toolResults === undefined, {
    message: "send a message or tool results, not both",
    path: ["toolResults"],
  });
export type TurnBody = z.infer<typeof turnBodySchema>;

/**
 * The labeler's choice at a turn: the comparison submit body (docs/API.md) over the turn's
 * reply ids, plus which reply continues a tie and, in red-team projects, the harm rating.
 */
export const choiceBodySchema = submitBodySchema
  .omit({ text: true })
  .extend({
    continueWith: z.uuid({ message: "continueWith: not a reply id" }).optional(),
    harm: z.number().int().min(0, "harm is 0 to 4").max(4, "harm is 0 to 4").optional(),
  })
  .strict();
export type ChoiceBody = z.infer<typeof choiceBodySchema>;

export const finishBodySchema = z
  .object({
    /** Red-team: how far the attempt got (0 not at all .. 4 completely); required there. */
    outcome: z.number().int().min(0, "outcome is 0 to 4").max(4, "outcome is 0 to 4").optional(),
    taskDescription: storableText()
      .trim()
      .max(2_000, "the task description is longer than 2,000 characters")
      .optional(),
    comment: storableText().max(MAX_COMMENT_LENGTH, "comment is longer than 5,000 characters").optional(),
    timeSpentMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .strict();
export type FinishBody = z.infer<typeof finishBodySchema>;

/** The conversation settings of a project (Settings tab, `project set`, PATCH). */
export const conversationSettingsSchema = z
  .object({
    conversationMode: z.enum(CONVERSATION_MODES),
    replyCount: z.coerce.number().int().min(2, "replies per turn: 2 to 4").max(4, "replies per turn: 2 to 4"),
    replySource: z.enum(REPLY_SOURCES),
    replyEndpointIds: z.array(z.uuid()).max(4, "at most 4 endpoints"),
    minTurns: z.coerce.number().int().min(1, "minimum turns: at least 1").max(50),
    maxTurns: z.coerce.number().int().min(1).max(50, "maximum turns: at most 50"),
    maxConcurrentGenerations: z.coerce.number().int().min(1).max(16),
    ownOpenings: z.boolean(),
    tools: toolDefinitionsSchema,
    turnReviewRate: z.coerce.number().min(0).max(1),
  })
  .partial()
  .strict();
export type ConversationSettings = z.infer<typeof conversationSettingsSchema>;

/** conversation_turns.input */
export const storedTurnInputSchema = z.array(
  z.union([
    z.object({ role: z.literal("user"), content: z.string() }),
    z.object({ role: z.literal("tool"), tool_call_id: z.string(), content: z.string() }),
  ]),
);
export type TurnInput = z.infer<typeof storedTurnInputSchema>;

/** conversation_replies.tool_calls */
export const storedToolCallsSchema = z.array(toolCallSchema);
