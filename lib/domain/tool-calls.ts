// OpenAI-style tool calls in chat messages, and their two written forms. Stored items keep the
// OpenAI wire form: `function.arguments` is a JSON *string*, as the API sends and receives it.
// TRL datasets (and the chat templates of transformers) want it as an *object*. Pure.
import type { ChatMessage } from "@/lib/domain/content-hash";

/** One call an assistant message makes (the same shape as the chat-stream's ToolCall). */
export interface ToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

/** An OpenAI function definition, an item's `tools` (kept as given: a JSON schema in `parameters`). */
export interface ToolDefinition {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

/** OpenAI's rule for function names. */
export const TOOL_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export type ArgumentsResult = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string };

/** The wire form (a JSON string) as an object, or why it is not one. */
export function argumentsToObject(json: string): ArgumentsResult {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, reason: "is not valid JSON" };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return {
      ok: false,
      reason: `must be a JSON object, not ${Array.isArray(value) ? "an array" : typeof value === "object" ? "null" : `a ${typeof value}`}`,
    };
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Arguments as given (a JSON string or an object) in the wire form: an object is serialized
 * compactly; a string is kept byte for byte once it is known to hold a JSON object.
 */
export function argumentsToWire(given: unknown): { ok: true; value: string } | { ok: false; reason: string } {
  if (typeof given === "string") {
    const parsed = argumentsToObject(given);
    return parsed.ok ? { ok: true, value: given } : parsed;
  }
  if (typeof given === "object" && given !== null && !Array.isArray(given))
    return { ok: true, value: JSON.stringify(given) };
  return { ok: false, reason: "must be a JSON object or a string holding one" };
}

/** Whether any message carries a tool call or is a tool result. */
export function hasToolTurns(messages: readonly ChatMessage[]): boolean {
  return messages.some((m) => m.role === "tool" || (m.tool_calls?.length ?? 0) > 0);
}

/** Call id -> function name, over every assistant message. */
export function toolCallNames(messages: readonly ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const m of messages) for (const call of m.tool_calls ?? []) names.set(call.id, call.function.name);
  return names;
}

/** A message in TRL's form: arguments as objects, a tool result named after its call. */
export type TrlMessage = Omit<ChatMessage, "tool_calls"> & {
  tool_calls?: { id: string; type: "function"; function: { name: string; arguments: Record<string, unknown> } }[];
};

/**
 * Messages for a TRL dataset row. Messages without tool calls come back as they are (the very
 * same array when none has any: rows of items without tools stay byte-identical). Arguments
 * that do not parse (possible only in rows stored before this check) become `{}`: a row
 * TRL can load beats a failed export, and the raw export keeps the original.
 */
export function trlMessages(messages: ChatMessage[]): ChatMessage[] | TrlMessage[] {
  if (!hasToolTurns(messages)) return messages;
  const names = toolCallNames(messages);
  return messages.map((m): TrlMessage => {
    const { tool_calls: calls, ...rest } = m;
    if (calls?.length) {
      return {
        ...rest,
        tool_calls: calls.map((call) => {
          const args = argumentsToObject(call.function.arguments);
          return { ...call, function: { name: call.function.name, arguments: args.ok ? args.value : {} } };
        }),
      };
    }
    // TRL's documented tool message carries the function's name; chat templates read it.
    if (m.role === "tool" && m.name === undefined && m.tool_call_id && names.has(m.tool_call_id))
      return { ...rest, name: names.get(m.tool_call_id)! };
    return rest;
  });
}

/** The inverse of trlMessages: object arguments back to the wire form (JSON strings). */
export function wireMessages(messages: (ChatMessage | TrlMessage)[]): ChatMessage[] {
  return messages.map((m) =>
    m.tool_calls?.length
      ? {
          ...m,
          tool_calls: m.tool_calls.map((call) => ({
            id: call.id,
            type: "function" as const,
            function: {
              name: call.function.name,
              arguments:
                typeof call.function.arguments === "string"
                  ? call.function.arguments
                  : JSON.stringify(call.function.arguments),
            },
          })),
        }
      : (m as ChatMessage),
  );
}

/**
 * Messages for an OpenAI fine-tuning file, with the keys OpenAI's schema names and no more:
 * a reply that only calls tools has no `content` (as in OpenAI's examples), and a tool result
 * is `{role, content, tool_call_id}` (the chat API's tool message has no `name`).
 */
export function openAiMessages(messages: ChatMessage[]): readonly object[] {
  if (!hasToolTurns(messages)) return messages;
  return messages.map((m): object => {
    if (m.role === "tool") return { role: "tool", content: m.content, tool_call_id: m.tool_call_id };
    if (m.tool_calls?.length)
      return m.content === ""
        ? { role: m.role, tool_calls: m.tool_calls }
        : { role: m.role, content: m.content, tool_calls: m.tool_calls };
    return m;
  });
}

/** Tool definitions with the keys of OpenAI's function tool only (others, e.g. a "return" schema, dropped). */
export function openAiTools(tools: ToolDefinition[]): ToolDefinition[] {
  return tools.map((t) => {
    const { name, description, parameters, strict } = t.function;
    return {
      type: "function",
      function: {
        name,
        ...(description !== undefined && { description }),
        ...(parameters !== undefined && { parameters }),
        ...(strict !== undefined && { strict }),
      },
    };
  });
}

/**
 * Messages as plain text turns, for text-only layouts (the HH transcript): a call becomes
 * `[Called name with {...}]` after the assistant's text, and a result `[Result of name: ...]`
 * joins the assistant turn before it (HH has no tool speaker), so no tool turn is dropped.
 */
export function toolTurnsAsText(messages: ChatMessage[]): ChatMessage[] {
  if (!hasToolTurns(messages)) return messages;
  const names = toolCallNames(messages);
  const out: ChatMessage[] = [];
  for (const m of messages) {
    if (m.role === "tool") {
      const name = m.name ?? names.get(m.tool_call_id ?? "") ?? "tool";
      const line = `[Result of ${name}: ${m.content}]`;
      const previous = out[out.length - 1];
      if (previous?.role === "assistant")
        out[out.length - 1] = { role: "assistant", content: `${previous.content}\n${line}` };
      else out.push({ role: "assistant", content: line });
      continue;
    }
    if (m.tool_calls?.length) {
      const calls = m.tool_calls.map((c) => `[Called ${c.function.name} with ${c.function.arguments}]`);
      out.push({ role: "assistant", content: [m.content, ...calls].filter(Boolean).join("\n") });
      continue;
    }
    out.push({ role: m.role, content: m.content });
  }
  return out;
}
