import "server-only";
import { costMicros, prefixFor, type ModelMessage } from "@/lib/domain/conversation/transcript";
import type { ReplyStateView } from "@/lib/domain/conversation/view";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { connectionFor } from "@/lib/server/models/endpoint-client";
import { selectEndpoint } from "@/lib/server/models/model-endpoint-queries";
import { ChatStreamError, streamChatCompletion, type ChatStreamRequest } from "@/lib/server/models/chat-stream";
import {
  lockLabelerGenerations,
  runningReplies,
  startReplies,
  storeReplyOutcome,
  type ReplyOutcome,
  type ReplyRecord,
} from "@/lib/server/conversations/conversation-queries";
import { loadConversation, openingOf, turnViews, viewOf } from "@/lib/server/conversations/conversation-state";
import { inConversation } from "@/lib/server/conversations/in-conversation";

// A turn's replies, generated while the labeler watches (docs/CONVERSATIONS.md, "Streaming"):
// the browser holds one server-sent-events answer per turn; this server holds one streamed
// request per reply to the reply's endpoint. The browser never sees an endpoint's URL or key.
// Events:
//   snapshot  {turn, replies: [ReplyStateView]}     the turn's replies as they are when it opens
//   delta     {reply, text}                          text appended to a reply
//   tool_calls{reply, toolCalls}                     the reply's tool calls so far
//   reply     ReplyStateView                         a reply ended (done, failed or interrupted)
//   end       {conversation: ConversationView}       every reply of this stream ended
//   error     {message}                              the stream could not go on
// A reply left pending (the limit on concurrent generations was reached) waits for the next
// stream the page opens.

/** A reply's answer stops after this long without a chunk. */
const IDLE_TIMEOUT_MS = 60_000;
/** A comment line every so often keeps proxies from closing a quiet stream. */
const KEEPALIVE_MS = 15_000;

export interface TurnStream {
  /** The SSE body. */
  body: ReadableStream<Uint8Array>;
}

/**
 * Claims the turn's pending replies (within the labeler's limit on concurrent generations,
 * counted across tabs and app instances under one advisory lock) and returns the stream that
 * generates them. The stream ends when every claimed reply ended; `signal` (the request's)
 * going off, the page having gone away, stops the generations, and their replies are kept
 * "interrupted", with the text received so far, for the labeler to regenerate.
 */
export async function streamTurn(
  userId: string,
  conversationId: string,
  index: number,
  signal: AbortSignal,
): Promise<TurnStream> {
  const { claimed, messages, tools } = await inConversation(userId, conversationId, async (tx, state) => {
    const turn = state.turns.find((t) => t.index === index);
    if (!turn) throw new AppError("not_found", `This conversation has no turn ${index + 1}`);
    const pending = state.replies.filter((r) => r.turnId === turn.id && r.status === "pending");
    let taken: ReplyRecord[] = [];
    if (pending.length > 0) {
      await lockLabelerGenerations(tx, userId);
      const running = await runningReplies(tx, userId);
      const room = state.record.project.maxConcurrentGenerations - running;
      if (room <= 0) {
        throw new AppError(
          "rate_limited",
          `You have ${running} replies being generated (at most ${state.record.project.maxConcurrentGenerations} at once): wait for them to finish`,
          { reason: "too_many_generations" },
        );
      }
      taken = await startReplies(
        tx,
        pending.slice(0, room).map((r) => r.id),
      );
    }
    return {
      claimed: taken,
      messages: prefixFor(openingOf(state.record), turnViews(state), index),
      tools: state.record.project.tools,
    };
  });
  const snapshotState = await loadConversation(pool(), userId, conversationId);
  const snapshot = viewOf(snapshotState).turns.find((t) => t.index === index)!;

  const abort = new AbortController();
  const onAbort = () => abort.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  const encoder = new TextEncoder();
  let closed = false;
  let keepalive: ReturnType<typeof setInterval> | undefined;

  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (event: string, data: unknown) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        } catch {
          closed = true;
        }
      };
      send("snapshot", { turn: index, replies: snapshot.replies });
      keepalive = setInterval(() => {
        if (!closed) controller.enqueue(encoder.encode(": keepalive\n\n"));
      }, KEEPALIVE_MS);
      void Promise.all(
        claimed.map((reply) =>
          generateReply(reply, { messages, tools }, abort.signal, send).then((view) => send("reply", view)),
        ),
      )
        .then(async () => {
          if (abort.signal.aborted) return;
          send("end", { conversation: viewOf(await loadConversation(pool(), userId, conversationId)) });
        })
        .catch((error: unknown) => {
          console.error("conversation stream failed", error);
          send("error", { message: "The stream failed: reload the page" });
        })
        .finally(() => {
          clearInterval(keepalive);
          signal.removeEventListener("abort", onAbort);
          if (!closed) {
            closed = true;
            try {
              controller.close();
            } catch {
              // already closed by the client going away
            }
          }
        });
    },
    cancel() {
      closed = true;
      clearInterval(keepalive);
      abort.abort();
    },
  });
  return { body };
}

/** Streams one reply from its endpoint, forwarding what arrives, and stores how it ended. */
async function generateReply(
  reply: ReplyRecord,
  request: { messages: ModelMessage[]; tools: unknown[] },
  signal: AbortSignal,
  send: (event: string, data: unknown) => void,
): Promise<ReplyStateView> {
  const started = Date.now();
  let outcome: ReplyOutcome;
  const endpoint = reply.endpointId ? await selectEndpoint(pool(), { id: reply.endpointId }) : null;
  if (!endpoint) {
    outcome = failure("endpoint", "the model endpoint of this reply was removed: ask an admin", "", started);
  } else {
    try {
      const connection = connectionFor(endpoint, { maxRetries: 1 });
      const streamRequest: ChatStreamRequest = {
        messages: request.messages as ChatStreamRequest["messages"],
        ...(request.tools.length > 0 ? { tools: request.tools } : {}),
        overrides: reply.params,
      };
      const result = await streamChatCompletion(connection, streamRequest, {
        signal,
        idleTimeoutMs: IDLE_TIMEOUT_MS,
        onEvent: (event) => {
          if (event.type === "delta") send("delta", { reply: reply.id, text: event.text });
          else send("tool_calls", { reply: reply.id, toolCalls: event.toolCalls });
        },
      });
      const choice = result.choices[0] ?? { text: "", toolCalls: [], finishReason: null };
      const usage = result.usage;
      outcome = {
        status: "done",
        text: choice.text,
        toolCalls: choice.toolCalls,
        servedModel: result.servedModel,
        finishReason: choice.finishReason,
        errorKind: null,
        error: null,
        promptTokens: usage?.promptTokens ?? null,
        completionTokens: usage?.completionTokens ?? null,
        firstTokenMs: result.firstTokenMs,
        latencyMs: result.latencyMs,
        costMicros: usage
          ? costMicros(usage.promptTokens, usage.completionTokens, {
              input: endpoint.inputPricePerMTok,
              output: endpoint.outputPricePerMTok,
            })
          : null,
      };
    } catch (error) {
      if (error instanceof ChatStreamError) {
        const partial = error.partial[0]?.text ?? "";
        outcome = {
          ...failure(error.kind, error.message, partial, started),
          status: error.kind === "aborted" || error.kind === "cut" ? "interrupted" : "failed",
        };
      } else if (error instanceof AppError) {
        outcome = failure("endpoint", error.message, "", started);
      } else {
        console.error("reply generation failed", error);
        outcome = failure("internal", "the reply could not be generated", "", started);
      }
    }
  }
  await storeReplyOutcome(pool(), reply.id, outcome);
  return {
    id: reply.id,
    position: reply.position,
    status: outcome.status,
    text: outcome.text,
    toolCalls: outcome.toolCalls,
    finishReason: outcome.finishReason,
    error: outcome.error,
    attempt: reply.attempt,
  };
}

function failure(kind: string, message: string, partial: string, started: number): ReplyOutcome {
  return {
    status: "failed",
    text: partial,
    toolCalls: [],
    servedModel: null,
    finishReason: null,
    errorKind: kind,
    error: message,
    promptTokens: null,
    completionTokens: null,
    firstTokenMs: null,
    latencyMs: Date.now() - started,
    costMicros: null,
  };
}
