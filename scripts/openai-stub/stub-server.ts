// DEMO / TEST STAND-IN, NOT A MODEL SERVER. A small OpenAI-protocol server of RLHF Studio's
// own (node:http, no framework) that the demo registers and the tests start, so that model
// endpoints and generation work offline. It serves deterministic canned "models"
// (stub-careful, stub-terse, stub-rambling: see stub-replies.ts; stub-tools, which calls the
// request's tools: stub-tools.ts) at
//   POST /v1/chat/completions   (usage; finish_reason "stop", "length" or "tool_calls";
//                                `stream: true`: server-sent events as OpenAI sends them, flushed
//                                chunk by chunk, see stub-stream.ts)
//   GET  /v1/models
// Test controls (in-process: startOpenAIStub(options), or stub.set(...) later): fixed latency,
// the next N answers failing with 429 + Retry-After or a 5xx, malformed JSON, a redirect,
// a required API key (401 otherwise); these answer before any stream starts. For streamed
// answers: a delay between chunks (chunkDelayMs), a slow first token (firstTokenDelayMs: headers
// and role chunks sent, then a wait), the next stream cut after N chunks (cutAfterChunks: the
// socket destroyed, no [DONE]), an SSE `{"error"}` event mid-stream (errorMidStreamNext), a
// chunk that is not a chunk (junkChunkNext). Every request is recorded in `stub.requests`;
// `stub.activeStreams` counts streamed answers still open (a client that aborts closes its).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { countTokens, isStubModel, limitReply, STUB_MODELS, stubReply } from "./stub-replies";
import { completionChunks, type StubCompletion, type StubCompletionChoice } from "./stub-stream";
import { stubToolsTurn } from "./stub-tools";
import { isJudgeModel, JUDGE_MODELS, stubJudgeReply } from "./stub-judge";

export interface OpenAIStubControls {
  /** Wait this long before every answer (a slow model; past a client's timeout, a hang). */
  latencyMs: number;
  /** Answer 401 unless `Authorization: Bearer <apiKey>`; null: any or none. */
  apiKey: string | null;
  /** The next `count` chat completions fail with `status` (429 carries Retry-After). */
  failNext: { count: number; status: number; retryAfterSeconds?: number } | null;
  /** The next N chat completions answer 200 with a body that is not JSON. */
  malformedNext: number;
  /** Chat completions answer 302 to this URL (a server that moved). */
  redirectTo: string | null;
  /** Streamed answers: wait this long between chunks (0 in tests; the demo may use ~30). */
  chunkDelayMs: number;
  /** Streamed answers: headers and role chunks sent, then this wait before the first content. */
  firstTokenDelayMs: number;
  /** The next streamed answer's socket is destroyed after this many chunks (then back to null). */
  cutAfterChunks: number | null;
  /** The next N streamed answers (true: 1) send some deltas, then an SSE `{"error": {...}}` event, then end. */
  errorMidStreamNext: number | boolean;
  /** The next streamed answer sends, after its role chunk, a line that is not JSON ("text") or not a chunk ("json"). */
  junkChunkNext: "text" | "json" | null;
}

export interface OpenAIStubOptions extends Partial<OpenAIStubControls> {
  host?: string;
  /** 0 (default): any free port. */
  port?: number;
  /** Told (Date.now()) as each streamed content chunk is written: bench:stream times the page from it. */
  onChunk?: (at: number) => void;
}

export interface StubRequest {
  method: string;
  path: string;
  /** The Authorization header as received (tests check what a client sent). */
  authorization: string | null;
  /** Every header as received (lower-case names). */
  headers: http.IncomingHttpHeaders;
  body: unknown;
  status: number;
}

export interface OpenAIStub {
  /** The base URL to register: http://host:port/v1 */
  url: string;
  port: number;
  requests: StubRequest[];
  /** Streamed answers whose response is still open. */
  readonly activeStreams: number;
  set(controls: Partial<OpenAIStubControls>): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;
const CREATED = 1_767_225_600; // fixed: answers are deterministic

type Message = { role?: unknown; content?: unknown; tool_calls?: unknown; tool_call_id?: unknown };

/** A message's text: a string, or the text parts of a content array. */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part: { type?: unknown; text?: unknown }) =>
        part?.type === "text" && typeof part.text === "string" ? part.text : "",
      )
      .join(" ");
  }
  return "";
}

function errorBody(message: string, type: string, code: string | null = null) {
  return { error: { message, type, param: null, code } };
}

/** Answers a chat completion request, or says why not (status and OpenAI-style error body). */
export function chatCompletion(body: unknown): { status: number; json: unknown } {
  if (typeof body !== "object" || body === null) {
    return { status: 400, json: errorBody("the body must be a JSON object", "invalid_request_error") };
  }
  const request = body as {
    model?: unknown;
    messages?: unknown;
    max_tokens?: unknown;
    max_completion_tokens?: unknown;
    stop?: unknown;
    seed?: unknown;
    n?: unknown;
    tools?: unknown;
  };
  if (typeof request.model !== "string" || !(isStubModel(request.model) || isJudgeModel(request.model))) {
    return {
      status: 404,
      json: errorBody(
        `The model ${JSON.stringify(request.model)} does not exist; this stub serves ${[...STUB_MODELS, ...JUDGE_MODELS].join(", ")}`,
        "invalid_request_error",
        "model_not_found",
      ),
    };
  }
  if (!Array.isArray(request.messages) || request.messages.length === 0) {
    return { status: 400, json: errorBody("messages must be a non-empty array", "invalid_request_error") };
  }
  const messages = request.messages as Message[];
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (limit !== undefined && limit !== null && !(Number.isInteger(limit) && (limit as number) >= 1)) {
    return { status: 400, json: errorBody("max_tokens must be a positive integer", "invalid_request_error") };
  }
  const n = request.n ?? 1;
  if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 8) {
    return { status: 400, json: errorBody("n must be an integer from 1 to 8", "invalid_request_error") };
  }
  const stop =
    typeof request.stop === "string"
      ? [request.stop]
      : Array.isArray(request.stop)
        ? request.stop.filter((s): s is string => typeof s === "string")
        : [];
  const seed = Number.isInteger(request.seed) ? (request.seed as number) : null;
  const lastUser = [...messages].reverse().find((m) => m.role === "user");
  const prompt = textOf(lastUser?.content ?? messages.at(-1)?.content);
  const promptTokens = messages.reduce((sum, m) => sum + 3 + countTokens(textOf(m.content)), 3);
  const choices = Array.from({ length: n as number }, (_, index): StubCompletionChoice => {
    const turn = request.model === "stub-tools" ? stubToolsTurn(messages, request.tools, prompt, seed, index) : null;
    if (turn?.kind === "tool_calls") {
      return {
        index,
        message: { role: "assistant", content: null, tool_calls: turn.toolCalls, refusal: null },
        logprobs: null,
        finish_reason: "tool_calls",
      };
    }
    const { text, finishReason } = limitReply(
      turn?.text ??
        (isJudgeModel(request.model as string)
          ? stubJudgeReply(request.model as Parameters<typeof stubJudgeReply>[0], prompt)
          : stubReply(request.model as Parameters<typeof stubReply>[0], prompt, seed, index)),
      (limit as number | undefined) ?? null,
      stop,
    );
    return {
      index,
      message: { role: "assistant", content: text, refusal: null },
      logprobs: null,
      finish_reason: finishReason,
    };
  });
  const completionTokens = choices.reduce(
    (sum, c) =>
      sum +
      countTokens(c.message.content ?? "") +
      (c.message.tool_calls ?? []).reduce((s, t) => s + countTokens(`${t.function.name} ${t.function.arguments}`), 0),
    0,
  );
  return {
    status: 200,
    json: {
      id: `chatcmpl-stub-${Math.abs(hashCode(JSON.stringify([request.model, prompt, seed, n])))}`,
      object: "chat.completion",
      created: CREATED,
      model: request.model,
      system_fingerprint: "rlhf-studio-demo-stub",
      choices,
      usage: {
        prompt_tokens: promptTokens,
        completion_tokens: completionTokens,
        total_tokens: promptTokens + completionTokens,
      },
    },
  };
}

function hashCode(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i += 1) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

/** Waits `ms`; false if the client went away meanwhile (nothing more to write). */
function pause(res: http.ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (waited: boolean) => {
      clearTimeout(timer);
      res.off("close", gone);
      resolve(waited);
    };
    const gone = () => done(false);
    const timer = setTimeout(() => done(true), ms);
    res.on("close", gone);
  });
}

function readBody(request: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

export async function startOpenAIStub(options: OpenAIStubOptions = {}): Promise<OpenAIStub> {
  const controls: OpenAIStubControls = {
    latencyMs: options.latencyMs ?? 0,
    apiKey: options.apiKey ?? null,
    failNext: options.failNext ?? null,
    malformedNext: options.malformedNext ?? 0,
    redirectTo: options.redirectTo ?? null,
    chunkDelayMs: options.chunkDelayMs ?? 0,
    firstTokenDelayMs: options.firstTokenDelayMs ?? 0,
    cutAfterChunks: options.cutAfterChunks ?? null,
    errorMidStreamNext: options.errorMidStreamNext ?? 0,
    junkChunkNext: options.junkChunkNext ?? null,
  };
  const requests: StubRequest[] = [];
  let activeStreams = 0;

  /** Writes a completion as SSE, chunk by chunk, applying (and using up) the stream controls. */
  const stream = async (res: http.ServerResponse, completion: StubCompletion, includeUsage: boolean) => {
    const { chunks, firstTokenAt } = completionChunks(completion, includeUsage);
    const cutAfter = controls.cutAfterChunks;
    controls.cutAfterChunks = null;
    const failing = controls.errorMidStreamNext === true || Number(controls.errorMidStreamNext) > 0;
    if (failing) {
      controls.errorMidStreamNext = controls.errorMidStreamNext === true ? 0 : Number(controls.errorMidStreamNext) - 1;
    }
    const junk = controls.junkChunkNext;
    controls.junkChunkNext = null;
    // Mid-stream: after the role chunks and about half of the deltas.
    const errorAt = Math.max(firstTokenAt + 1, Math.floor(chunks.length / 2));
    activeStreams += 1;
    res.once("close", () => {
      activeStreams -= 1;
    });
    // No content-length: Node sends chunked transfer encoding, each write its own chunk.
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    res.flushHeaders();
    // Each write awaited (handed to the socket) so that a cut comes after what was sent.
    const write = (data: string) =>
      new Promise<void>((resolve) => {
        if (res.destroyed) return resolve();
        res.write(`data: ${data}\n\n`, () => resolve());
      });
    for (let i = 0; i < chunks.length; i += 1) {
      if (res.destroyed) return;
      if (cutAfter !== null && i >= cutAfter) {
        res.destroy();
        return;
      }
      if (i === firstTokenAt && controls.firstTokenDelayMs > 0 && !(await pause(res, controls.firstTokenDelayMs)))
        return;
      if (i > 0 && controls.chunkDelayMs > 0 && !(await pause(res, controls.chunkDelayMs))) return;
      if (failing && i === errorAt) {
        await write(
          JSON.stringify(errorBody("The server had an error while processing your request (stub).", "server_error")),
        );
        res.end();
        return;
      }
      if (junk && i === firstTokenAt) {
        await write(
          junk === "text"
            ? "<html><body>502 Bad Gateway (proxy)</body></html>"
            : '{"object":"proxy.notice","choices":"busy"}',
        );
      }
      if (i >= firstTokenAt) options.onChunk?.(Date.now());
      await write(JSON.stringify(chunks[i]));
    }
    await write("[DONE]");
    res.end();
  };

  const server = http.createServer(async (req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    const raw = await readBody(req).catch(() => null);
    let body: unknown = null;
    let parseFailed = false;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        parseFailed = true;
      }
    }
    const record: StubRequest = {
      method: req.method ?? "",
      path,
      authorization: req.headers.authorization ?? null,
      headers: req.headers,
      body,
      status: 0,
    };
    requests.push(record);
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      if (res.destroyed) return;
      const text = typeof payload === "string" ? payload : JSON.stringify(payload);
      res.writeHead(status, {
        "content-type": "application/json",
        "content-length": Buffer.byteLength(text),
        ...headers,
      });
      res.end(text);
    };
    if (controls.latencyMs > 0) {
      const waited = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), controls.latencyMs);
        // A client that gave up (its timeout) needs no answer.
        res.on("close", () => {
          clearTimeout(timer);
          resolve(false);
        });
      });
      if (!waited) return;
    }
    if (raw === null && req.method === "POST") return send(413, errorBody("body too large", "invalid_request_error"));
    if (controls.apiKey !== null && req.headers.authorization !== `Bearer ${controls.apiKey}`) {
      return send(401, errorBody("Incorrect API key provided (stub).", "invalid_request_error", "invalid_api_key"));
    }
    if (req.method === "GET" && path === "/v1/models") {
      return send(200, {
        object: "list",
        data: [...STUB_MODELS, ...JUDGE_MODELS].map((id) => ({
          id,
          object: "model",
          created: CREATED,
          owned_by: "rlhf-studio-demo-stub",
        })),
      });
    }
    if (req.method === "POST" && path === "/v1/chat/completions") {
      if (controls.redirectTo) return send(302, "", { location: controls.redirectTo });
      if (controls.failNext && controls.failNext.count > 0) {
        const { status, retryAfterSeconds } = controls.failNext;
        controls.failNext = { ...controls.failNext, count: controls.failNext.count - 1 };
        const headers: Record<string, string> =
          retryAfterSeconds !== undefined ? { "retry-after": String(retryAfterSeconds) } : {};
        return status === 429
          ? send(429, errorBody("Rate limit reached (stub).", "rate_limit_exceeded", "rate_limit_exceeded"), headers)
          : send(status, errorBody("The server had an error (stub).", "server_error"), headers);
      }
      if (controls.malformedNext > 0) {
        controls.malformedNext -= 1;
        return send(200, '{"id": "chatcmpl-broken", "choices": [{"message": ');
      }
      if (parseFailed) return send(400, errorBody("the body is not valid JSON", "invalid_request_error"));
      const answer = chatCompletion(body);
      const streamed = (body as { stream?: unknown; stream_options?: { include_usage?: unknown } | null } | null) ?? {};
      if (answer.status === 200 && streamed.stream === true) {
        record.status = 200;
        return stream(res, answer.json as StubCompletion, streamed.stream_options?.include_usage === true);
      }
      return send(answer.status, answer.json);
    }
    return send(
      404,
      errorBody(
        `no route ${req.method} ${path} (this stub serves /v1/chat/completions and /v1/models)`,
        "invalid_request_error",
      ),
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    requests,
    get activeStreams() {
      return activeStreams;
    },
    set(change) {
      Object.assign(controls, change);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
