// Judge prompt templates (docs/JUDGES.md, "Prompt templates"): the default one, and the
// rendering of a template for one item in one display order. Placeholders are {{name}};
// rendering is one pass, so a reply that contains "{{replies}}" is inserted as it is.
import { replyLetter } from "@/lib/domain/judges/verdict";

export const TEMPLATE_PLACEHOLDERS = ["conversation", "replies", "letters", "verdict_format"] as const;

/** In the spirit of MT-Bench's pairwise judge (Zheng et al. 2023), for pairs and rankings. */
export const DEFAULT_JUDGE_TEMPLATE = `You are an impartial judge. Below is a conversation between a user and an AI assistant, followed by {{letters}}: candidate replies for the assistant's next turn.

Decide which reply is better for the user: the one that follows the user's instructions and answers their request more helpfully, correctly, relevantly and safely, with the right level of detail. Judge the content, not the presentation:
- the order in which the replies are shown must not influence you;
- a longer reply is not a better reply by itself;
- the letters are arbitrary labels, not names.

[Conversation]
{{conversation}}
[End of conversation]

{{replies}}

First explain your reasoning in a few sentences, comparing the replies. Then write your final verdict on its own last line, exactly in this format:
{{verdict_format}}`;

const PAIR_FORMAT = `"[[A]]" if reply A is better, "[[B]]" if reply B is better, "[[tie]]" if they are equally good, or "[[unsure]]" if you cannot tell.`;

function rankingFormat(letters: string[]): string {
  return (
    `the replies from best to worst between double brackets, separated by ">" (use "=" between replies that are equally good), ` +
    `naming every reply once: for example "[[${[...letters].reverse().join(">")}]]" or "[[${letters.slice(0, 2).join("=")}${letters.length > 2 ? `>${letters.slice(2).join(">")}` : ""}]]". ` +
    `Write "[[unsure]]" if you cannot tell.`
  );
}

export interface TemplateMessage {
  role: string;
  content: string;
}

function renderConversation(messages: readonly TemplateMessage[]): string {
  return messages.map((m) => `[${m.role.charAt(0).toUpperCase()}${m.role.slice(1)}]\n${m.content}`).join("\n\n");
}

/** The candidate blocks the stub judge (scripts/openai-stub/stub-judge.ts) also reads. */
function renderReplies(texts: readonly string[]): string {
  return texts
    .map((text, i) => `[The Start of Reply ${replyLetter(i)}]\n${text}\n[The End of Reply ${replyLetter(i)}]`)
    .join("\n\n");
}

const listOf = (letters: string[]) =>
  letters.length === 2
    ? `two replies, A and B`
    : `${letters.length} replies, ${letters.slice(0, -1).join(", ")} and ${letters.at(-1)}`;

/** The prompt for one item in one display order (`replies` in the order shown: A first). */
export function renderJudgePrompt(
  template: string,
  item: { messages: readonly TemplateMessage[]; replies: readonly string[] },
): string {
  const letters = item.replies.map((_, i) => replyLetter(i));
  const values: Record<string, string> = {
    conversation: renderConversation(item.messages),
    replies: renderReplies(item.replies),
    letters: listOf(letters),
    verdict_format: letters.length === 2 ? PAIR_FORMAT : rankingFormat(letters),
  };
  return template.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Why a template cannot be used, or null: it must show the conversation and the replies. */
export function templateProblem(template: string): string | null {
  const used = [...template.matchAll(/\{\{\s*([a-zA-Z_]+)\s*\}\}/g)].map((m) => m[1]!);
  const unknown = used.filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    return `unknown placeholder {{${unknown[0]}}}: use ${TEMPLATE_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}`;
  }
  for (const needed of ["conversation", "replies"]) {
    if (!used.includes(needed)) return `the template must contain {{${needed}}}`;
  }
  return null;
}
