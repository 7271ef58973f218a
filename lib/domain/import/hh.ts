// Anthropic HH-RLHF lines: {"chosen": "\n\nHuman: ...\n\nAssistant: ...", "rejected": "..."}.
// Both transcripts share the conversation and differ only in the final assistant turn.
import type { ChatMessage } from "@/lib/domain/content-hash";

const TURN = /\n\n(Human|Assistant): /g;

/** Splits a transcript into turns; null when it does not start with a "\n\nHuman: " turn. */
export function parseHhTranscript(transcript: string): ChatMessage[] | null {
  const markers = [...transcript.matchAll(TURN)];
  if (markers.length === 0 || markers[0]!.index !== 0) return null;
  return markers.map((marker, i) => {
    const start = marker.index! + marker[0].length;
    const end = i + 1 < markers.length ? markers[i + 1]!.index! : transcript.length;
    return { role: marker[1] === "Human" ? "user" : "assistant", content: transcript.slice(start, end) };
  });
}

/** The exact inverse of parseHhTranscript: export `preference-hh` reproduces input lines. */
export function formatHhTranscript(messages: ChatMessage[]): string {
  return messages.map((m) => `\n\n${m.role === "user" ? "Human" : "Assistant"}: ${m.content}`).join("");
}

export type HhSplit =
  { ok: true; prompt: ChatMessage[]; chosen: string; rejected: string } | { ok: false; reason: string };

export function splitHhPair(chosen: string, rejected: string): HhSplit {
  const a = parseHhTranscript(chosen);
  const b = parseHhTranscript(rejected);
  if (!a) return { ok: false, reason: 'chosen: not an HH transcript (must start with "\\n\\nHuman: ")' };
  if (!b) return { ok: false, reason: 'rejected: not an HH transcript (must start with "\\n\\nHuman: ")' };
  const lastA = a[a.length - 1]!;
  const lastB = b[b.length - 1]!;
  if (lastA.role !== "assistant") return { ok: false, reason: "chosen: does not end with an Assistant turn" };
  if (lastB.role !== "assistant") return { ok: false, reason: "rejected: does not end with an Assistant turn" };
  const promptA = a.slice(0, -1);
  const promptB = b.slice(0, -1);
  const same =
    promptA.length === promptB.length &&
    promptA.every((m, i) => m.role === promptB[i]!.role && m.content === promptB[i]!.content);
  if (!same) return { ok: false, reason: "chosen and rejected differ before the final Assistant turn" };
  if (promptA.length === 0) return { ok: false, reason: "no Human turn before the final Assistant turn" };
  return { ok: true, prompt: promptA, chosen: lastA.content, rejected: lastB.content };
}
