// Deterministic train/test split by prompt: the prompt's text decides the part, so one
// prompt never lands in two parts, and the same data always splits the same way.
import { createHash } from "node:crypto";
import type { ChatMessage } from "@/lib/domain/content-hash";

export interface SplitPart {
  name: string;
  share: number;
}

/** Parses `train=0.9,test=0.1`: names of letters, digits, - and _; shares above 0 adding up to 1. */
export function parseSplit(spec: string): SplitPart[] {
  const parts = spec.split(",").map((entry) => {
    const match = /^\s*([A-Za-z0-9_-]{1,32})\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(entry);
    if (!match) throw new Error(`split part "${entry}" is not name=share (e.g. train=0.9,test=0.1)`);
    return { name: match[1]!, share: Number(match[2]) };
  });
  if (parts.length < 2) throw new Error("a split needs at least two parts (e.g. train=0.9,test=0.1)");
  const names = new Set(parts.map((p) => p.name));
  if (names.size !== parts.length) throw new Error("split part names must differ");
  if (parts.some((p) => !(p.share > 0))) throw new Error("every split share must be above 0");
  const total = parts.reduce((sum, p) => sum + p.share, 0);
  if (Math.abs(total - 1) > 1e-6) throw new Error(`split shares must add up to 1 (they add up to ${total})`);
  return parts;
}

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
