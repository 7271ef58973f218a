// DEMO / TEST STAND-IN, NOT A MODEL. Deterministic AI judges for the local OpenAI-protocol stub
// (docs/JUDGES.md). They read the candidate replies out of the prompt's
// "[The Start of Reply X]" ... "[The End of Reply X]" blocks (the default template's) and answer
// in the default template's format:
//   judge-good       the longer reply wins (equal lengths tie), with a rationale: consistent
//                    whichever order the replies come in;
//   judge-malformed  a rationale and no verdict line;
//   judge-position   always prefers the first reply shown ([[A]], or [[A>B>C]]);
//   judge-unsure     [[unsure]].
// A prompt without reply blocks gets a sentence saying so, and no verdict.

export const JUDGE_MODELS = ["judge-good", "judge-malformed", "judge-position", "judge-unsure"] as const;
export type JudgeModel = (typeof JUDGE_MODELS)[number];

export const isJudgeModel = (model: string): model is JudgeModel => (JUDGE_MODELS as readonly string[]).includes(model);

const BLOCK = /\[The Start of Reply ([A-Z])\]\n([\s\S]*?)\n\[The End of Reply \1\]/g;

/** The replies in the prompt, by letter, in the order shown. */
export function repliesInPrompt(prompt: string): { letter: string; text: string }[] {
  return [...prompt.matchAll(BLOCK)].map((m) => ({ letter: m[1]!, text: m[2]! }));
}

export function stubJudgeReply(model: JudgeModel, prompt: string): string {
  const replies = repliesInPrompt(prompt);
  if (replies.length < 2) return "I see no replies to judge: give them as [The Start of Reply A] ... blocks.";
  const letters = replies.map((r) => r.letter);
  if (model === "judge-malformed") {
    return `Both replies address the question. Reply ${letters[0]} is more direct, while reply ${letters[1]} adds context. Overall they are close.`;
  }
  if (model === "judge-unsure") {
    return `The replies take different approaches and I cannot tell which one the user would prefer.\n\n[[unsure]]`;
  }
  if (model === "judge-position") {
    return `Reply ${letters[0]} comes first and answers the question.\n\n[[${letters.length === 2 ? letters[0] : letters.join(">")}]]`;
  }
  // judge-good: longer is better; equal lengths share a group.
  const byLength = [...replies].sort((a, b) => b.text.length - a.text.length || a.letter.localeCompare(b.letter));
  const groups: string[][] = [];
  for (const reply of byLength) {
    const last = groups.at(-1);
    const lastLength = last ? replies.find((r) => r.letter === last[0])!.text.length : -1;
    if (last && lastLength === reply.text.length) last.push(reply.letter);
    else groups.push([reply.letter]);
  }
  const best = groups[0]!;
  const rationale =
    groups.length === 1
      ? `The replies are equally long and equally detailed, so neither is better.`
      : `Reply ${best.join(" and ")} is the most detailed (${replies.find((r) => r.letter === best[0])!.text.length} characters) and covers the request more fully than the others.`;
  const verdict =
    groups.length === 1 ? "tie" : replies.length === 2 ? best[0]! : groups.map((g) => g.join("=")).join(">");
  return `${rationale}\n\n[[${verdict}]]`;
}
