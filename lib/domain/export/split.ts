// Deterministic train/test split by prompt: the prompt's text decides the part, so one
// prompt never lands in two parts, and the same data always splits the same way.
import { createHash } from "node:crypto";
import type { ChatMessage } from "@/lib/domain/content-hash";
import type { SplitPart } from "@/lib/domain/export/split-parts";

export { parseSplit, type SplitPart } from "@/lib/domain/export/split-parts";

/** A number in [0, 1) fixed by the prompt's messages (roles and text). */
export function promptPoint(messages: ChatMessage[]): number {
  const key = messages.map((m) => `${m.role}\u0000${m.content}`).join("\u0001");
  const digest = createHash("sha256").update(key).digest();
  return digest.readUInt32BE(0) / 2 ** 32;
}

/** The part a prompt belongs to: shares are laid end to end over [0, 1) in the order given. */
export function splitPartOf(parts: SplitPart[], messages: ChatMessage[]): string {
  const point = promptPoint(messages);
  let end = 0;
  for (const part of parts) {
    end += part.share;
    if (point < end) return part.name;
  }
  return parts[parts.length - 1]!.name;
}
