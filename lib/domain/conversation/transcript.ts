// A conversation as messages: the opening, then each turn's input and the reply chosen for it
// (or its rewrite). Pure: the server builds what it sends to the model from it, the exports build
// their rows from it (lib/domain/export/conversation-rows.ts).
import type { ToolCall, TurnInput } from "@/lib/validation/conversations";

/** A message as the chat completions API takes it. */
export type ModelMessage =
  | { role: "system" | "user"; content: string }
  | { role: "assistant"; content: string; tool_calls?: ToolCall[] }
  | { role: "tool"; tool_call_id: string; content: string };

export interface ReplyView {
  id: string;
  position: number;
  text: string;
  toolCalls: ToolCall[];
}

export interface TurnView {
  index: number;
  input: TurnInput;
  /** The reply the conversation continued with; null while the labeler has not chosen. */
  chosenReplyId: string | null;
  rewriteText: string | null;
  replies: ReplyView[];
}

/** The assistant message a chosen turn adds: the chosen reply, or the labeler's rewrite of it. */
export function chosenMessage(turn: TurnView): ModelMessage | null {
  const reply = turn.replies.find((r) => r.id === turn.chosenReplyId);
  if (!reply) return null;
  return assistantMessage(turn.rewriteText ?? reply.text, reply.toolCalls);
}

export function assistantMessage(text: string, toolCalls: ToolCall[]): ModelMessage {
  return toolCalls.length > 0
    ? { role: "assistant", content: text, tool_calls: toolCalls }
    : { role: "assistant", content: text };
}

/**
 * The messages before turn `index`'s replies: the opening, every earlier turn's input and
 * chosen reply, then this turn's input. What the model is sent, and an export row's prompt.
 */
export function prefixFor(opening: ModelMessage[], turns: TurnView[], index: number): ModelMessage[] {
  const messages: ModelMessage[] = [...opening];
  for (const turn of [...turns].sort((a, b) => a.index - b.index)) {
    if (turn.index > index) break;
    messages.push(...turn.input);
    if (turn.index === index) break;
    const chosen = chosenMessage(turn);
    if (chosen) messages.push(chosen);
  }
  return messages;
}

/** The whole chosen path: the opening and every chosen turn (an SFT row, an HH transcript). */
export function chosenPath(opening: ModelMessage[], turns: TurnView[]): ModelMessage[] {
  const chosen = turns.filter((t) => t.chosenReplyId !== null).sort((a, b) => a.index - b.index);
  const messages: ModelMessage[] = [...opening];
  for (const turn of chosen) {
    messages.push(...turn.input);
    messages.push(chosenMessage(turn)!);
  }
  return messages;
}

/** What the labeler must give to start the next turn. */
export type NextInput =
  | { kind: "message" }
  /** The opening already ends with the user's message: the first turn adds nothing. */
  | { kind: "none" }
  /** The chosen reply called tools: the labeler gives each call's result. */
  | { kind: "tool_results"; calls: ToolCall[] };

export function nextInput(opening: ModelMessage[], turns: TurnView[]): NextInput {
  const chosen = turns.filter((t) => t.chosenReplyId !== null).sort((a, b) => a.index - b.index);
  const last = chosen.at(-1);
  if (!last) {
    const end = opening.at(-1);
    return end && (end.role === "user" || end.role === "tool") ? { kind: "none" } : { kind: "message" };
  }
  const reply = last.replies.find((r) => r.id === last.chosenReplyId);
  return reply && reply.toolCalls.length > 0 ? { kind: "tool_results", calls: reply.toolCalls } : { kind: "message" };
}

/** Checks a turn's input against what the conversation expects next; the problem in words, or null. */
export function inputProblem(expected: NextInput, input: TurnInput): string | null {
  switch (expected.kind) {
    case "none":
      return input.length === 0 || (input.length === 1 && input[0]!.role === "user")
        ? null
        : "the conversation expects a message";
    case "message":
      return input.length === 1 && input[0]!.role === "user" ? null : "write your message first";
    case "tool_results": {
      const ids = expected.calls.map((c) => c.id).sort();
      const given = input.map((m) => (m.role === "tool" ? m.tool_call_id : "")).sort();
      return JSON.stringify(ids) === JSON.stringify(given)
        ? null
        : `give one result for each tool call (${expected.calls.map((c) => c.function.name).join(", ")})`;
    }
  }
}

/** Where each reply of a turn comes from: an endpoint (index into the project's list) and a sample number. */
export interface ReplySourcePlan {
  position: number;
  endpoint: number;
  sample: number;
}

/**
 * "sample": the first endpoint, sampled `count` times; "models": one reply per endpoint in
 * turn (fewer endpoints than replies: they go round again, each with its next sample).
 */
export function replyPlan(source: "sample" | "models", count: number, endpoints: number): ReplySourcePlan[] {
  if (endpoints < 1) return [];
  return Array.from({ length: count }, (_, position) =>
    source === "sample"
      ? { position, endpoint: 0, sample: position }
      : { position, endpoint: position % endpoints, sample: Math.floor(position / endpoints) },
  );
}

/** Cost in millionths of a dollar from prices per million tokens; null when a price is unknown. */
export function costMicros(
  promptTokens: number,
  completionTokens: number,
  prices: { input: number | null; output: number | null },
): number | null {
  if (prices.input === null || prices.output === null) return null;
  return Math.round(promptTokens * prices.input + completionTokens * prices.output);
}
