// DEMO / TEST STAND-IN, NOT A MODEL. The "models" of RLHF Studio's local OpenAI-protocol stub
// (scripts/openai-stub/stub-server.ts): canned text assembled from the prompt's own words, so
// that generation, labeling and the leaderboard can be tried offline. Same model, prompt, seed
// and choice index: same reply. The three differ in visible quality on purpose:
//   stub-careful   restates the question and answers in ordered, relevant steps (best);
//   stub-terse     one short, vague sentence (middling);
//   stub-rambling  long, repetitive and drifting off topic (worst).
//   stub-tools     calls the request's tools, then quotes their results (stub-tools.ts); with
//                  no tools, one plain sentence.
import { seededRandom } from "@/lib/domain/agreement/pairwise-project";

export const STUB_MODELS = ["stub-careful", "stub-terse", "stub-rambling", "stub-tools"] as const;
export type StubModel = (typeof STUB_MODELS)[number];

export const isStubModel = (model: string): model is StubModel => (STUB_MODELS as readonly string[]).includes(model);

/** FNV-1a, 32 bits: a stable seed from text. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const STOPWORDS = new Set(
  "about above after again also been before being between both could does doing during each from further have having here into itself just more most other over same should some such than that their them then there these they this those through under until very what when where which while whom with would your yours please explain tell write give describe".split(
    " ",
  ),
);

/** The prompt's content words, in order, without repeats: what the replies talk about. */
export function topicWords(prompt: string): string[] {
  const words = prompt.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? [];
  const seen = new Set<string>();
  for (const word of words) if (word.length >= 4 && !STOPWORDS.has(word)) seen.add(word);
  return [...seen];
}

const pick = <T>(random: () => number, options: readonly T[]): T => options[Math.floor(random() * options.length)]!;

function careful(prompt: string, topics: string[], random: () => number): string {
  const main = topics[0] ?? "your question";
  const second = topics[1] ?? main;
  const third = topics[2] ?? second;
  const question = prompt.trim().replace(/\s+/g, " ").slice(0, 160);
  const opener = pick(random, [
    `You asked: "${question}". Here is a careful answer.`,
    `Good question. To answer "${question}" properly, let us go step by step.`,
    `Let me restate the question first: "${question}".`,
  ]);
  const steps = [
    `1. Start with ${main}: ${pick(random, ["define it precisely", "say what it is for", "name the goal it serves"])} before anything else.`,
    `2. Then consider ${second}, ${pick(random, ["and how it relates to " + main, "with one concrete example", "and the usual pitfalls"])}.`,
    `3. Finally, check ${third} ${pick(random, ["against a simple case", "with a small test", "by asking what could go wrong"])}.`,
  ];
  const closer = pick(random, [
    `In short: clarify ${main}, connect it to ${second}, and verify before relying on it.`,
    `Summary: ${main} first, then ${second}, then a check of ${third}.`,
  ]);
  return [opener, ...steps, closer].join("\n");
}

function terse(_prompt: string, topics: string[], random: () => number): string {
  const main = topics[0] ?? "that";
  return pick(random, [
    `${capitalise(main)}: it depends.`,
    `Probably yes, ${main} works.`,
    `Just look up ${main}.`,
    `${capitalise(main)} is fine.`,
  ]);
}

const DRIFT = [
  "the weather last spring",
  "an old encyclopedia I once read",
  "how people used to write letters",
  "the history of the paperclip",
  "a documentary about bees",
];

function rambling(_prompt: string, topics: string[], random: () => number): string {
  const main = topics[0] ?? "this";
  const other = topics[1] ?? main;
  const parts = [
    `Well, so, ${main}. That is a big one, ${main}, and honestly there is a lot to say about ${main}.`,
    `It reminds me of ${pick(random, DRIFT)}, which is not exactly the same thing but it is related in a way, sort of.`,
    `Anyway, ${other} is also a thing people mention, and ${other} is, you know, ${other}.`,
    `Some would say ${main} matters and others would say it does not, and both are right in their own way, I suppose.`,
    `Coming back to ${pick(random, DRIFT)}: it was interesting, and I think about it often when ${main} comes up.`,
    `So, to sum up, ${main} is ${pick(random, ["complicated", "a matter of opinion", "something to think about"])}, and there is more to say but that is the gist, more or less, probably.`,
  ];
  return parts.join(" ");
}

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** The stub model's reply to a prompt (before max_tokens and stop sequences are applied). */
export function stubReply(model: StubModel, prompt: string, seed: number | null, choice = 0): string {
  const random = seededRandom(hash(`${model}\u0000${seed ?? "none"}\u0000${choice}\u0000${prompt}`));
  const topics = topicWords(prompt);
  if (model === "stub-careful") return careful(prompt, topics, random);
  if (model === "stub-terse") return terse(prompt, topics, random);
  if (model === "stub-tools")
    return `Without a tool I can only say this about ${topics[0] ?? "that"}: I would look it up.`;
  return rambling(prompt, topics, random);
}

/** The stub's token count: words and punctuation runs (roughly what a tokenizer counts). */
export function countTokens(text: string): number {
  return (text.match(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]+/gu) ?? []).length;
}

/**
 * The reply as the request limits it: cut before the first stop sequence (finish "stop"), or
 * after `maxTokens` tokens (finish "length").
 */
export function limitReply(
  text: string,
  maxTokens: number | null,
  stop: readonly string[],
): { text: string; finishReason: "stop" | "length" } {
  let out = text;
  for (const sequence of stop) {
    const at = out.indexOf(sequence);
    if (at >= 0) out = out.slice(0, at);
  }
  if (maxTokens !== null && countTokens(out) > maxTokens) {
    const pieces = [...out.matchAll(/[\p{L}\p{N}']+|[^\s\p{L}\p{N}]+/gu)];
    const last = pieces[maxTokens - 1]!;
    return { text: out.slice(0, last.index + last[0].length), finishReason: "length" };
  }
  return { text: out, finishReason: "stop" };
}
