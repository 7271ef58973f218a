// Chat messages on import lines, with OpenAI-style tool calls and tool results, and a line's
// `tools` (function definitions). Arguments given as an object are stored as the JSON string
// the OpenAI API sends (lib/domain/tool-calls.ts); a string must already hold a JSON object.
import { z } from "zod";
import type { ChatMessage } from "@/lib/domain/content-hash";
import { argumentsToWire, TOOL_NAME, type ToolCall, type ToolDefinition } from "@/lib/domain/tool-calls";

const toolName = z.string().regex(TOOL_NAME, "must be 1-64 letters, digits, _ or - (OpenAI's rule)");

const toolCall = z.object({
  id: z.string().min(1, "is empty").max(200),
  type: z.literal("function").optional(),
  function: z.object({
    name: toolName,
    arguments: z.unknown().transform((given, ctx): string => {
      const wire = argumentsToWire(given);
      if (wire.ok) return wire.value;
      ctx.addIssue({ code: "custom", message: wire.reason });
      return z.NEVER;
    }),
  }),
});

// A reply may be empty (in public HH-RLHF data silence is sometimes the preferred answer to a
// harmful request); what the user or the system says may not. A reply that calls tools may
// have no text at all (null, as the OpenAI API returns it); a tool's result may be empty.
export const importMessage = z
  .object({
    role: z.enum(["system", "user", "assistant", "tool"]),
    content: z.string().nullable().optional(),
    tool_calls: z.array(toolCall).min(1).max(128).optional(),
    tool_call_id: z.string().min(1, "is empty").max(200).optional(),
    name: toolName.optional(),
  })
  .superRefine((m, ctx) => {
    const calls = m.tool_calls !== undefined;
    if (calls && m.role !== "assistant")
      ctx.addIssue({ code: "custom", path: ["tool_calls"], message: "only assistant messages call tools" });
    if (m.role === "tool" && m.tool_call_id === undefined)
      ctx.addIssue({
        code: "custom",
        path: ["tool_call_id"],
        message: "a tool message needs the id of the call it answers",
      });
    if (m.role !== "tool" && m.tool_call_id !== undefined)
      ctx.addIssue({ code: "custom", path: ["tool_call_id"], message: "only tool messages answer a call" });
    if (typeof m.content !== "string" && !(m.role === "assistant" && calls))
      ctx.addIssue({ code: "custom", path: ["content"], message: "expected string" });
    else if ((m.role === "system" || m.role === "user") && !m.content!.trim())
      ctx.addIssue({ code: "custom", path: ["content"], message: "is empty" });
  })
  .transform((m): ChatMessage => {
    const message: ChatMessage = { role: m.role, content: m.content ?? "" };
    if (m.tool_calls)
      message.tool_calls = m.tool_calls.map((c): ToolCall => ({
        id: c.id,
        type: "function",
        function: { name: c.function.name, arguments: c.function.arguments },
      }));
    if (m.role === "tool") {
      message.tool_call_id = m.tool_call_id;
      if (m.name !== undefined) message.name = m.name;
    }
    return message;
  });

const toolDefinition = z.looseObject({
  type: z.literal("function"),
  function: z.looseObject({
    name: toolName,
    description: z.string().max(10_000).optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** A line's `tools`: OpenAI function definitions (at most 128, as the API allows), kept as given. */
export const importTools = z
  .array(toolDefinition)
  .min(1)
  .max(128)
  .superRefine((tools, ctx) => {
    const seen = new Set<string>();
    tools.forEach((t, i) => {
      if (seen.has(t.function.name))
        ctx.addIssue({
          code: "custom",
          path: [i, "function", "name"],
          message: `"${t.function.name}" is defined twice`,
        });
      seen.add(t.function.name);
    });
  })
  .transform((tools) => tools as ToolDefinition[]);

/**
 * What the messages of one line must agree on, or null: call ids unique, every tool result
 * answering an earlier call (and named as it, when named), calls naming a defined tool when
 * the line defines tools.
 */
export function checkToolTurns(messages: ChatMessage[], tools?: ToolDefinition[]): string | null {
  const calls = new Map<string, string>();
  const defined = tools ? new Set(tools.map((t) => t.function.name)) : null;
  for (const [i, m] of messages.entries()) {
    for (const [j, call] of (m.tool_calls ?? []).entries()) {
      const where = `messages.${i}.tool_calls.${j}`;
      if (calls.has(call.id)) return `${where}.id: "${call.id}" is used by an earlier call`;
      if (defined && !defined.has(call.function.name))
        return `${where}.function.name: "${call.function.name}" is not one of the line's tools`;
      calls.set(call.id, call.function.name);
    }
    if (m.role === "tool") {
      const name = calls.get(m.tool_call_id!);
      if (name === undefined) return `messages.${i}.tool_call_id: "${m.tool_call_id}" matches no earlier tool call`;
      if (m.name !== undefined && m.name !== name)
        return `messages.${i}.name: "${m.name}" is not the name of call "${m.tool_call_id}" (${name})`;
    }
  }
  return null;
}
