import { createHash } from "node:crypto";

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * A stable fingerprint of an item's content: the prompt messages and completion texts,
 * serialized canonically. Items imported without an external id are recognized by it,
 * so re-importing the same file adds nothing.
 */
export function itemContentHash(messages: ChatMessage[], completions: string[]): string {
  const canonical = JSON.stringify([messages.map((m) => [m.role, m.content]), completions]);
  return createHash("sha256").update(canonical).digest("hex");
}
