// DEMO / TEST STAND-IN, NOT A MODEL. The stub's tool-calling "model", stub-tools: given
// OpenAI function tools, it calls one (finish_reason "tool_calls", arguments a JSON string
// built from the prompt's words); given a tool's result as the last message, it answers text
// that quotes the result. Same messages, tools, seed and choice index: same answer.
import { topicWords } from "./stub-replies";

export interface StubToolCall {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

export type StubToolTurn = { kind: "text"; text: string } | { kind: "tool_calls"; toolCalls: StubToolCall[] };

type Message = { role?: unknown; content?: unknown; tool_calls?: unknown; tool_call_id?: unknown };
type FunctionTool = { name: string; properties: Record<string, { type?: unknown }> };

function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/** The request's function tools with a name; anything else in `tools` is ignored. */
function functionTools(tools: unknown): FunctionTool[] {
  if (!Array.isArray(tools)) return [];
  return tools.flatMap((tool: { type?: unknown; function?: { name?: unknown; parameters?: unknown } }) => {
    const fn = tool?.type === "function" ? tool.function : undefined;
    if (!fn || typeof fn.name !== "string" || !fn.name) return [];
    const parameters = fn.parameters as { properties?: unknown } | undefined;
    const properties =
      parameters && typeof parameters.properties === "object" && parameters.properties !== null
        ? (parameters.properties as FunctionTool["properties"])
        : {};
    return [{ name: fn.name, properties }];
  });
}

/** Arguments for the tool's declared parameters, from the prompt's words. */
function argumentsFor(tool: FunctionTool, prompt: string): Record<string, unknown> {
  const topics = topicWords(prompt);
  const phrase = topics.slice(0, 3).join(" ") || prompt.trim().slice(0, 80);
  const args: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(tool.properties)) {
    const type = schema?.type;
    if (type === "number" || type === "integer") args[key] = 3;
    else if (type === "boolean") args[key] = true;
    else if (type === "array") args[key] = topics.slice(0, 3);
    else args[key] = phrase;
  }
  return args;
}

const textOf = (content: unknown): string => (typeof content === "string" ? content : "");

export function stubToolsTurn(
  messages: readonly Message[],
  tools: unknown,
  prompt: string,
  seed: number | null,
  choice: number,
): StubToolTurn | null {
  const last = messages.at(-1);
  if (last?.role === "tool") {
    // The name of the tool answered: from the assistant message whose call this result answers.
    let name = "tool";
    for (const message of messages) {
      if (message.role !== "assistant" || !Array.isArray(message.tool_calls)) continue;
      for (const call of message.tool_calls as { id?: unknown; function?: { name?: unknown } }[]) {
        if (call?.id === last.tool_call_id && typeof call.function?.name === "string") name = call.function.name;
      }
    }
    const result = textOf(last.content).replace(/\s+/g, " ").trim().slice(0, 300);
    return { kind: "text", text: `The ${name} tool says: "${result}". That is the answer, from the tool's result.` };
  }
  const available = functionTools(tools);
  // No tools: a plain reply (stubReply's).
  if (available.length === 0) return null;
  const tool = available[choice % available.length]!;
  return {
    kind: "tool_calls",
    toolCalls: [
      {
        id: `call_${hash(`${tool.name}\u0000${seed ?? "none"}\u0000${choice}\u0000${prompt}`)}`,
        type: "function",
        function: { name: tool.name, arguments: JSON.stringify(argumentsFor(tool, prompt)) },
      },
    ],
  };
}
