import "server-only";
import { APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import type {
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import { z } from "zod";
import type { EndpointConnection, SamplingDefaults } from "@/lib/server/models/endpoint-client";
import { EndpointAnswerError } from "@/lib/server/models/endpoint-errors";
import type { ChatMessageForModel, ToolCall } from "@/lib/validation/chat-stream";

// A streamed chat completion from a model endpoint, through the official SDK: deltas are handed
// to the caller as they arrive (onEvent), and the whole answer comes back at the end. Every
// way a stream goes wrong ends in one ChatStreamError whose `kind` says what the caller can do
// (regenerate after a cut or an endpoint error, nothing after an abort) and whose `partial`
// keeps what had arrived. The upstream request is always closed when this returns or throws.

export type { ChatMessageForModel, ToolCall } from "@/lib/validation/chat-stream";

export interface ChatStreamRequest {
  messages: ChatMessageForModel[];
  /** OpenAI function tool definitions, passed through when non-empty. */
  tools?: unknown[];
  /** Merged over connection.defaults. */
  overrides?: Partial<SamplingDefaults>;
  /** Replies in one request (default 1). */
  n?: number;
}

export type ChatStreamEvent =
  { type: "delta"; choice: number; text: string } | { type: "tool_call"; choice: number; toolCalls: ToolCall[] };

export interface ChatStreamChoiceResult {
  text: string;
  toolCalls: ToolCall[];
  finishReason: string | null;
}

export interface ChatStreamResult {
  servedModel: string | null;
  choices: ChatStreamChoiceResult[];
  usage: { promptTokens: number; completionTokens: number } | null;
  /** From the request's start to the first content or tool call delta. */
  firstTokenMs: number | null;
  latencyMs: number;
}

export type ChatStreamErrorKind = "aborted" | "cut" | "endpoint" | "timeout" | "answer";

export class ChatStreamError extends Error {
  override name = "ChatStreamError";
  constructor(
    readonly kind: ChatStreamErrorKind,
    /** Safe to show and log: never the key. */
    message: string,
    /** What each choice had received when it failed. */
    readonly partial: ChatStreamChoiceResult[],
  ) {
    super(message);
  }
}

export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

// Loose on purpose: servers add fields, leave some out, and send `null` for absent ones. What
// is read must have the right type; a chunk without a `choices` array is not a chunk.
const toolCallDelta = z.looseObject({
  index: z.number().int().nonnegative().optional(),
  id: z.string().nullish(),
  type: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});
const chunkSchema = z.looseObject({
  model: z.string().nullish(),
  choices: z.array(
    z.looseObject({
      index: z.number().int().nonnegative().optional(),
      delta: z.looseObject({ content: z.string().nullish(), tool_calls: z.array(toolCallDelta).nullish() }).nullish(),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: z
    .looseObject({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative() })
    .nullish(),
});

function modelMessage(message: ChatMessageForModel): ChatCompletionMessageParam {
  switch (message.role) {
    case "tool":
      return { role: "tool", content: message.content ?? "", tool_call_id: message.tool_call_id ?? "" };
    case "assistant":
      return {
        role: "assistant",
        content: message.content,
        ...(message.tool_calls && message.tool_calls.length > 0 ? { tool_calls: message.tool_calls } : {}),
      };
    default:
      return { role: message.role, content: message.content ?? "" };
  }
}

export async function streamChatCompletion(
  connection: EndpointConnection,
  request: ChatStreamRequest,
  options: { signal?: AbortSignal; onEvent?: (event: ChatStreamEvent) => void; idleTimeoutMs?: number } = {},
): Promise<ChatStreamResult> {
  const n = request.n ?? 1;
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const started = performance.now();
  const choices: ChatStreamChoiceResult[] = Array.from({ length: n }, () => ({
    text: "",
    toolCalls: [],
    finishReason: null,
  }));
  const partial = () => choices.map((c) => ({ ...c, toolCalls: c.toolCalls.map(copyCall) }));
  const fail = (kind: ChatStreamErrorKind, message: string) => new ChatStreamError(kind, message, partial());

  // One controller for the request: the caller's signal and the idle timer both abort it, and
  // `stopped` remembers which did (the SDK ends an aborted stream quietly, without an error).
  const upstream = new AbortController();
  let stopped: "aborted" | "timeout" | null = null;
  const stop = (why: "aborted" | "timeout") => {
    stopped ??= why;
    upstream.abort();
  };
  const onCallerAbort = () => stop("aborted");
  if (options.signal?.aborted) throw fail("aborted", "the request was cancelled");
  options.signal?.addEventListener("abort", onCallerAbort, { once: true });
  let idle: ReturnType<typeof setTimeout> | undefined;
  const armIdle = () => {
    clearTimeout(idle);
    idle = setTimeout(() => stop("timeout"), idleTimeoutMs);
  };
  const stoppedError = () =>
    stopped === "aborted"
      ? fail("aborted", "the request was cancelled")
      : fail("timeout", `no data from the endpoint for ${Math.round(idleTimeoutMs / 100) / 10} s`);

  // An exception from the caller's onEvent is the caller's own: it is rethrown as it is, not
  // taken for a broken stream.
  let callerError: { error: unknown } | null = null;
  const emit = (event: ChatStreamEvent) => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      callerError = { error };
      throw error;
    }
  };
  let streamStarted = false;
  let servedModel: string | null = null;
  let usage: ChatStreamResult["usage"] = null;
  let firstTokenMs: number | null = null;
  try {
    armIdle();
    const body: ChatCompletionCreateParamsStreaming = {
      ...connection.defaults,
      ...request.overrides,
      model: connection.model,
      messages: request.messages.map(modelMessage),
      ...(n !== 1 ? { n } : {}),
      ...(request.tools && request.tools.length > 0 ? { tools: request.tools as ChatCompletionTool[] } : {}),
      stream: true,
      stream_options: { include_usage: true },
    };
    const { data: stream, response } = await connection.client.chat.completions
      .create(body, { signal: upstream.signal })
      .withResponse();
    const contentType = response.headers.get("content-type") ?? "";
    if (!contentType.includes("text/event-stream")) {
      upstream.abort();
      throw fail(
        "answer",
        `the endpoint did not answer with a stream (content-type ${JSON.stringify(contentType.slice(0, 60))})`,
      );
    }
    streamStarted = true;
    for await (const raw of stream) {
      armIdle();
      const parsed = chunkSchema.safeParse(raw);
      if (!parsed.success) throw fail("answer", "the endpoint sent a stream event that is not a chat completion chunk");
      const chunk = parsed.data;
      servedModel ??= chunk.model ?? null;
      if (chunk.usage) {
        usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      }
      for (const part of chunk.choices) {
        const index = part.index ?? 0;
        const choice = choices[index];
        if (!choice) throw fail("answer", `the endpoint sent choice ${index}, but ${n} were asked for`);
        const content = part.delta?.content;
        if (content) {
          firstTokenMs ??= Math.round(performance.now() - started);
          choice.text += content;
          emit({ type: "delta", choice: index, text: content });
        }
        const fragments = part.delta?.tool_calls ?? [];
        if (fragments.length > 0) {
          firstTokenMs ??= Math.round(performance.now() - started);
          for (const fragment of fragments) mergeToolCall(choice.toolCalls, fragment);
          emit({ type: "tool_call", choice: index, toolCalls: choice.toolCalls.map(copyCall) });
        }
        if (part.finish_reason) choice.finishReason = part.finish_reason;
      }
    }
    if (stopped) throw stoppedError();
    // The SDK ends quietly when the body ends, [DONE] or not: a reply without its finish_reason
    // is one whose stream was cut.
    if (choices.some((c) => c.finishReason === null)) {
      throw fail("cut", "the stream ended before the reply was finished");
    }
    // Some servers send no call ids; a tool result must name its call, so each gets one.
    choices.forEach((c, i) =>
      c.toolCalls.forEach((call, j) => {
        if (!call.id) call.id = `call_${i}_${j}`;
      }),
    );
    return { servedModel, choices, usage, firstTokenMs, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    if (callerError) throw callerError.error;
    throw classify(error);
  } finally {
    clearTimeout(idle);
    options.signal?.removeEventListener("abort", onCallerAbort);
    // Whatever happened, nothing keeps reading from the endpoint (a no-op after a clean end).
    upstream.abort();
  }

  function classify(error: unknown): ChatStreamError {
    if (stopped) return stoppedError();
    if (error instanceof ChatStreamError) return error;
    if (error instanceof APIUserAbortError) return fail("aborted", "the request was cancelled");
    if (error instanceof APIConnectionTimeoutError) return fail("timeout", connection.describeError(error).message);
    if (error instanceof APIError && typeof error.status !== "number") {
      // An `{"error": ...}` event inside the stream: the SDK throws it without a status. Its
      // words go through the same redaction as every endpoint message.
      const said = (error.error as { message?: unknown } | undefined)?.message;
      const detail = typeof said === "string" && said ? `: ${said}` : "";
      return fail(
        "endpoint",
        connection.describeError(new EndpointAnswerError(`the endpoint reported an error mid-stream${detail}`)).message,
      );
    }
    if (error instanceof SyntaxError) return fail("answer", "the endpoint sent a stream event that is not JSON");
    if (error instanceof EndpointAnswerError) return fail("answer", connection.describeError(error).message);
    // Once the stream had begun, a broken connection is a cut stream; before, the endpoint failed.
    if (streamStarted) return fail("cut", "the connection closed before the reply was finished");
    return fail("endpoint", connection.describeError(error).message);
  }
}

const copyCall = (call: ToolCall): ToolCall => ({ ...call, function: { ...call.function } });

/**
 * Adds one streamed tool call fragment: a new call (its id and name) or more of its arguments
 * string. Fragments name their call by `index`; a server that leaves it out continues the last
 * call, or starts a new one when the fragment has an id.
 */
function mergeToolCall(calls: ToolCall[], fragment: z.infer<typeof toolCallDelta>) {
  const named = fragment.index ?? (fragment.id || calls.length === 0 ? calls.length : calls.length - 1);
  const index = Math.min(named, calls.length); // no holes, whatever index a server sends
  let call = calls[index];
  if (!call) {
    call = { id: "", type: "function", function: { name: "", arguments: "" } };
    calls[index] = call;
  }
  if (fragment.id) call.id = fragment.id;
  const name = fragment.function?.name;
  // OpenAI sends the name once; a server that repeats it must not double it.
  if (name && call.function.name !== name) call.function.name += name;
  if (fragment.function?.arguments) call.function.arguments += fragment.function.arguments;
}
