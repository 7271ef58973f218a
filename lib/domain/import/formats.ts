// One JSON value from one line of an import file -> one item, or the reason it is refused.
// Pure: the streaming reader (lib/server/import) handles bytes, lines and limits.
import { z } from "zod";
import type { ChatMessage } from "@/lib/domain/content-hash";
import type { ToolDefinition } from "@/lib/domain/tool-calls";
import { splitHhPair } from "@/lib/domain/import/hh";
import { seedTaskToItem } from "@/lib/domain/import/self-instruct";
import type { ImportFormat } from "@/lib/domain/import/import-formats";
import { checkToolTurns, importMessage, importTools } from "@/lib/domain/import/tool-messages";
import { refuse, type ImportedItem, type LineResult } from "@/lib/domain/import/types";
import { importedGold, importGoldSchema, type ImportGoldLine } from "@/lib/domain/import/gold";

const text = z.string().refine((s) => s.trim().length > 0, "is empty");
// Messages (with tool calls and results) and tool definitions: lib/domain/import/tool-messages.ts.
const message = importMessage;
const reply = z.string();
const completion = z.union([reply, z.object({ text: reply, model: z.string().max(200).optional() })]);
const common = {
  id: z.union([z.string().min(1).max(500), z.number()]).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
  gold: importGoldSchema.optional(),
};
const promptLine = z.object({
  ...common,
  prompt: text.optional(),
  messages: z.array(message).min(1).optional(),
  completions: z.array(completion).optional(),
  tools: importTools.optional(),
});
const chatLine = z.object({ ...common, messages: z.array(message).min(1), tools: importTools.optional() });
const hhLine = z.object({ ...common, chosen: z.string(), rejected: z.string() });

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join(".") : "line";
      if (issue.code === "invalid_type") return `${where}: expected ${issue.expected}`;
      return `${where}: ${issue.message}`;
    })
    .join("; ");
}

const base = (line: {
  id?: string | number;
  metadata?: Record<string, unknown>;
  priority?: number;
  tools?: ToolDefinition[];
}) => ({
  externalId: line.id === undefined ? undefined : String(line.id),
  // An item's tool definitions live in its metadata, under "tools" (read back by the export).
  metadata: line.tools ? { ...line.metadata, tools: line.tools } : (line.metadata ?? {}),
  priority: line.priority ?? 0,
});

/** The item with the line's gold answer, when it has one, or the reason it is refused. */
function withGold(item: ImportedItem, gold: ImportGoldLine | undefined): LineResult {
  if (!gold) return { ok: true, item };
  const checked = importedGold(gold, item.completions.length);
  return typeof checked === "string" ? refuse(checked) : { ok: true, item: { ...item, gold: checked } };
}

/** The checks a line with messages passes beyond its schema (tool turns), or null. */
function toolProblem(line: { metadata?: Record<string, unknown>; tools?: ToolDefinition[] }, messages: ChatMessage[]) {
  if (line.metadata && "tools" in line.metadata)
    return 'metadata.tools: tool definitions go in "tools" at the top of the line';
  return checkToolTurns(messages, line.tools);
}

/** A prompt must say something, whatever its replies do. */
const hasText = (messages: ChatMessage[]) => messages.some((m) => m.content.trim());

function fromPromptLine(value: unknown, withCompletions: boolean): LineResult {
  const parsed = promptLine.safeParse(value);
  if (!parsed.success) return refuse(describe(parsed.error));
  const line = parsed.data;
  if (!line.prompt && !line.messages) return refuse('needs "prompt" (text) or "messages" (a list of {role, content})');
  if (line.prompt && line.messages) return refuse('give "prompt" or "messages", not both');
  if (!withCompletions && line.completions) return refuse('"completions" belong to the completions format');
  if (withCompletions && !line.completions) return refuse('missing "completions"');
  const messages: ChatMessage[] = line.messages ?? [{ role: "user", content: line.prompt! }];
  if (!hasText(messages)) return refuse("messages: the prompt is empty");
  const problem = toolProblem(line, messages);
  if (problem) return refuse(problem);
  const completions = (line.completions ?? []).map((c) => (typeof c === "string" ? { text: c } : c));
  return withGold({ ...base(line), messages, completions }, line.gold);
}

function fromChatLine(value: unknown): LineResult {
  const parsed = chatLine.safeParse(value);
  if (!parsed.success) return refuse(describe(parsed.error));
  const messages = parsed.data.messages;
  const problem = toolProblem(parsed.data, messages);
  if (problem) return refuse(problem);
  const last = messages[messages.length - 1]!;
  // A completion is text: a final reply that calls tools cannot be one.
  if (last.tool_calls)
    return refuse(
      `messages.${messages.length - 1}: the final assistant message calls tools; end the line with the tool's result or a text reply`,
    );
  const prompt = last.role === "assistant" ? messages.slice(0, -1) : messages;
  if (prompt.length === 0) return refuse("messages: nothing before the final assistant message");
  if (!hasText(prompt)) return refuse("messages: the prompt is empty");
  const completions = last.role === "assistant" ? [{ text: last.content }] : [];
  return withGold({ ...base(parsed.data), messages: prompt, completions }, parsed.data.gold);
}

function fromHhLine(value: unknown): LineResult {
  const parsed = hhLine.safeParse(value);
  if (!parsed.success) return refuse(describe(parsed.error));
  const split = splitHhPair(parsed.data.chosen, parsed.data.rejected);
  if (!split.ok) return refuse(split.reason);
  const item: ImportedItem = {
    ...base(parsed.data),
    messages: split.prompt,
    // Order in the file says which was chosen; labelers see a random order anyway.
    completions: [
      { text: split.chosen, model: "hh-chosen" },
      { text: split.rejected, model: "hh-rejected" },
    ],
  };
  return withGold(item, parsed.data.gold);
}

export function parseLine(format: ImportFormat, value: unknown): LineResult {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return refuse("not a JSON object");
  switch (format) {
    case "prompts":
      return fromPromptLine(value, false);
    case "completions":
      return fromPromptLine(value, true);
    case "openai-chat":
      return fromChatLine(value);
    case "hh":
      return fromHhLine(value);
    case "self-instruct":
      return seedTaskToItem(value);
  }
}

/** Guesses the format from the first object of a file. */
export function detectFormat(value: unknown): ImportFormat | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const keys = new Set(Object.keys(value));
  if (keys.has("chosen") && keys.has("rejected")) return "hh";
  if (keys.has("instruction") && keys.has("instances")) return "self-instruct";
  if (keys.has("completions")) return "completions";
  if (keys.has("messages")) return "openai-chat";
  if (keys.has("prompt")) return "prompts";
  return null;
}

/**
 * The project's limit on completions per item (comparisons take 2, rankings 2 to 9 ...). A
 * prompt with none is always accepted: it waits for generation (docs/MODELS.md) and is not
 * served before it has the project's minimum (rlhf_items_eligible_for).
 */
export function checkCompletionCount(item: ImportedItem, range: { min: number; max: number }): string | null {
  const n = item.completions.length;
  if (n === 0) return null;
  if (n < range.min || n > range.max) {
    const has = `has ${n} completion${n === 1 ? "" : "s"}`;
    return range.min === range.max
      ? `${has}; this project takes exactly ${range.min}`
      : `${has}; this project takes ${range.min} to ${range.max}`;
  }
  return null;
}

/**
 * Text PostgreSQL cannot store: NUL characters (from "\u0000" escapes) and lone UTF-16
 * surrogates (from "\ud800"-style escapes). Returns where the first one is, or null.
 */
export function findUnstorableText(value: unknown, where = "line"): string | null {
  if (typeof value === "string") {
    if (value.includes("\u0000")) return `${where}: contains a NUL character`;
    if (!value.isWellFormed()) return `${where}: contains a lone surrogate (not valid Unicode)`;
    return null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnstorableText(value[i], `${where === "line" ? "" : `${where}.`}${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = findUnstorableText(key, "a key");
      if (keyProblem) return keyProblem;
      const found = findUnstorableText(inner, where === "line" ? key : `${where}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/**
 * An opening for a conversation project: the prompt messages, with a single completion (an
 * openai-chat line's trailing assistant message) kept as the opening's last message. Several
 * completions are refused: a conversation's replies are generated live at each turn.
 */
export function asConversationOpening(
  item: ImportedItem,
): { ok: true; item: ImportedItem } | { ok: false; reason: string } {
  if (item.completions.length === 0) return { ok: true, item };
  if (item.completions.length > 1) {
    return {
      ok: false,
      reason: `has ${item.completions.length} completions; a conversation project imports openings only (its replies are generated live at each turn)`,
    };
  }
  return {
    ok: true,
    item: {
      ...item,
      messages: [...item.messages, { role: "assistant", content: item.completions[0]!.text }],
      completions: [],
    },
  };
}
