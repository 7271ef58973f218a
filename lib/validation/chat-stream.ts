// Chat messages as they are sent to a model endpoint, and OpenAI-style tool calls, shared by the
// streaming client (lib/server/models/chat-stream.ts) and the conversations that store them.
// `arguments` stays the JSON string the protocol carries: an endpoint may send one that does
// not parse, and what it sent is what is stored (exports convert it where a format wants an object).
import { z } from "zod";

export const MAX_TOOL_CALL_ID_LENGTH = 200;
export const MAX_TOOL_NAME_LENGTH = 200;
export const MAX_TOOL_ARGUMENTS_LENGTH = 100_000;

export const toolCallSchema = z.object({
  id: z.string().min(1).max(MAX_TOOL_CALL_ID_LENGTH),
  type: z.literal("function"),
  function: z.object({
    name: z.string().min(1).max(MAX_TOOL_NAME_LENGTH),
    arguments: z.string().max(MAX_TOOL_ARGUMENTS_LENGTH),
  }),
});

export type ToolCall = z.infer<typeof toolCallSchema>;

export const chatMessageForModelSchema = z.object({
  role: z.enum(["system", "user", "assistant", "tool"]),
  content: z.string().nullable(),
  tool_calls: z.array(toolCallSchema).optional(),
  tool_call_id: z.string().min(1).max(MAX_TOOL_CALL_ID_LENGTH).optional(),
});

export type ChatMessageForModel = z.infer<typeof chatMessageForModelSchema>;
