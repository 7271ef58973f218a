import { createHash } from "node:crypto";
import type { ToolCall } from "@/lib/domain/tool-calls";

export interface ChatMessage {
  role: "system" | "user" | "assistant" | "tool";
  /** "" for an assistant message that only calls tools. */
  content: string;
  /** Assistant messages only: the calls it makes (arguments as JSON strings, the OpenAI wire form). */
  tool_calls?: ToolCall[];
  /** Tool messages only: the call this is the result of. */
  tool_call_id?: string;
  /** Tool messages only, optional: the function's name. */
  name?: string;
}

/** A message as hashed: [role, content], plus its tool fields only when it has any (old hashes stay). */
function canonicalMessage(m: ChatMessage): unknown[] {
  const plain: unknown[] = [m.role, m.content];
  if (!m.tool_calls?.length && m.tool_call_id === undefined && m.name === undefined) return plain;
  return [
    ...plain,
    {
      tool_calls: (m.tool_calls ?? []).map((c) => [c.id, c.function.name, c.function.arguments]),
      tool_call_id: m.tool_call_id ?? null,
      name: m.name ?? null,
    },
  ];
}

/**
 * A stable fingerprint of an item's content: the prompt messages (with their tool calls) and
 * completion texts, serialized canonically. Items imported without an external id are
 * recognized by it, so re-importing the same file adds nothing.
 */
export function itemContentHash(messages: ChatMessage[], completions: string[]): string {
  const canonical = JSON.stringify([messages.map(canonicalMessage), completions]);
  return createHash("sha256").update(canonical).digest("hex");
}
