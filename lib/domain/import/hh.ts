// Anthropic HH-RLHF lines: {"chosen": "\n\nHuman: ...\n\nAssistant: ...", "rejected": "..."}.
// Both transcripts share the conversation and differ only in the final assistant turn.
import type { ChatMessage } from "@/lib/domain/content-hash";

const TURN = /\n\n(Human|Assistant): /g;
// An empty final reply ends the transcript with no space after the colon, the way a prompt in
// Anthropic's format ends where the model's reply (" ...") would start. The public HH-RLHF data
// has such lines: for some harmful requests silence is the preferred answer.
const EMPTY_FINAL = "\n\nAssistant:";

/** Splits a transcript into turns; null when it does not start with a "\n\nHuman: " turn. */
export function parseHhTranscript(transcript: string): ChatMessage[] | null {
  if (transcript.endsWith(EMPTY_FINAL)) {
    const turns = parseHhTranscript(transcript.slice(0, -EMPTY_FINAL.length));
    return turns && [...turns, { role: "assistant", content: "" }];
  }
  const markers = [...transcript.matchAll(TURN)];
  if (markers.length === 0 || markers[0]!.index !== 0) return null;
  return markers.map((marker, i) => {
    const start = marker.index! + marker[0].length;
    const end = i + 1 < markers.length ? markers[i + 1]!.index! : transcript.length;
    return { role: marker[1] === "Human" ? "user" : "assistant", content: transcript.slice(start, end) };
  });
}

/**
 * The inverse of parseHhTranscript: export `preference-hh` reproduces input lines. (One form
 * is not given back as it came: a final "\n\nAssistant: " with a lone trailing space is read as
 * an empty reply and written as "\n\nAssistant:".)
 */
export function formatHhTranscript(messages: ChatMessage[]): string {
  const last = messages.length - 1;
  return messages
    .map((m, i) =>
      i === last && m.role === "assistant" && m.content === ""
        ? EMPTY_FINAL
        : `\n\n${m.role === "user" ? "Human" : "Assistant"}: ${m.content}`,
    )
    .join("");
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
  const firstHuman = promptA.find((m) => m.role === "user");
  if (!firstHuman) return { ok: false, reason: "no Human turn before the final Assistant turn" };
  if (!firstHuman.content.trim()) return { ok: false, reason: "the first Human turn is empty" };
  return { ok: true, prompt: promptA, chosen: lastA.content, rejected: lastB.content };
}
