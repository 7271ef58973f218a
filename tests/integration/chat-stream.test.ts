// streamChatCompletion drives the real `openai` SDK against the local OpenAI-protocol stub's
// server-sent events: deltas arrive as they are sent and add up to the non-streamed reply,
// several choices interleave, usage is read; a cut stream, a slow first token, errors before
// and inside the stream, an idle endpoint, a caller that gives up (the upstream request is
// closed), tool calls in fragments and junk from a proxy each end as the caller can handle.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { ChatStreamError, streamChatCompletion, type ChatStreamEvent } from "@/lib/server/models/chat-stream";
import { readChatCompletion } from "@/lib/server/models/chat-completion";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { endpointClient, type EndpointConnection } from "@/lib/server/models/endpoint-client";
import { toolCallSchema, type ChatMessageForModel } from "@/lib/validation/chat-stream";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { uniqueSuffix } from "../support/factories";

const KEY = `sk-stub-${uniqueSuffix()}${uniqueSuffix()}`;
const PROMPT = "How should I store fresh basil so it stays green for a week?";
const messages: ChatMessageForModel[] = [
  { role: "system", content: "You are helpful." },
  { role: "user", content: PROMPT },
];
const WEATHER_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "The forecast for a city",
    parameters: { type: "object", properties: { city: { type: "string" }, days: { type: "integer" } } },
  },
};

let stub: OpenAIStub;

beforeAll(async () => {
  stub = await startOpenAIStub({ apiKey: KEY });
});

afterEach(async () => {
  stub.set({
    latencyMs: 0,
    failNext: null,
    malformedNext: 0,
    chunkDelayMs: 0,
    firstTokenDelayMs: 0,
    cutAfterChunks: null,
    errorMidStreamNext: 0,
    junkChunkNext: null,
  });
  // Every test leaves no stream open at the endpoint.
  await expect.poll(() => stub.activeStreams).toBe(0);
  stub.requests.length = 0;
});

afterAll(async () => {
  await stub.close();
  await db.$disconnect();
});

async function connect(model = "stub-careful", seed = 7): Promise<EndpointConnection> {
  const { id } = await createModelEndpoint(
    { name: `s-${uniqueSuffix()}`, baseUrl: stub.url, model, apiKey: KEY, seed },
    null,
  );
  // No SDK retries: a 429 or 500 must reach the caller, not be retried.
  return endpointClient(id, { maxRetries: 0 });
}

/** The same request, not streamed: what the stream must add up to. */
async function unstreamed(connection: EndpointConnection, n = 1, extra: Record<string, unknown> = {}) {
  return readChatCompletion(
    await connection.client.chat.completions.create({
      ...connection.defaults,
      model: connection.model,
      messages,
      n,
      ...extra,
    } as Parameters<typeof connection.client.chat.completions.create>[0]),
  );
}

async function failure(promise: Promise<unknown>): Promise<ChatStreamError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ChatStreamError);
  return error as ChatStreamError;
}

describe("streamChatCompletion", () => {
  it("hands over deltas as they arrive, adding up to the non-streamed reply, with usage", async () => {
    const connection = await connect();
    const expected = await unstreamed(connection);
    stub.set({ chunkDelayMs: 15 });
    const events: { event: ChatStreamEvent; at: number }[] = [];
    const result = await streamChatCompletion(
      connection,
      { messages },
      { onEvent: (event) => events.push({ event, at: performance.now() }) },
    );
    const deltas = events.filter((e) => e.event.type === "delta");
    expect(deltas.length).toBeGreaterThan(5);
    // Streamed, not buffered: the deltas came over the time the stub took to send them.
    expect(deltas.at(-1)!.at - deltas[0]!.at).toBeGreaterThan(15 * (deltas.length - 1) * 0.6);
    const joined = deltas.map((d) => (d.event.type === "delta" ? d.event.text : "")).join("");
    expect(joined).toBe(expected.choices[0]!.text);
    expect(result.choices).toEqual([{ text: expected.choices[0]!.text, toolCalls: [], finishReason: "stop" }]);
    expect(result.usage).toEqual(expected.usage);
    expect(result.servedModel).toBe("stub-careful");
    expect(result.firstTokenMs).toBeGreaterThanOrEqual(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(result.firstTokenMs!);
    const sent = stub.requests.at(-1)!;
    expect(sent.body).toMatchObject({
      model: "stub-careful",
      seed: 7,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(sent.authorization).toBe(`Bearer ${KEY}`);
  });

  it("streams n = 2 replies interleaved by choice, each the non-streamed one, with overrides", async () => {
    const connection = await connect("stub-rambling");
    const expected = await unstreamed(connection, 2, { max_tokens: 40 });
    const order: number[] = [];
    const result = await streamChatCompletion(
      connection,
      { messages, n: 2, overrides: { max_tokens: 40 } },
      { onEvent: (event) => order.push(event.choice) },
    );
    expect(result.choices.map((c) => c.text)).toEqual(expected.choices.map((c) => c.text));
    expect(result.choices.map((c) => c.finishReason)).toEqual(["length", "length"]);
    expect(result.choices[0]!.text).not.toBe(result.choices[1]!.text);
    // Interleaved: choice 1 starts before choice 0 is done.
    expect(order.indexOf(1)).toBeLessThan(order.lastIndexOf(0));
    expect(stub.requests.at(-1)!.body).toMatchObject({ n: 2, max_tokens: 40 });
    expect(result.usage).toEqual(expected.usage);
  });

  it("reports a stream cut in the middle as 'cut', keeping the text received", async () => {
    const connection = await connect();
    const full = (await unstreamed(connection)).choices[0]!.text;
    stub.set({ cutAfterChunks: 4 });
    const error = await failure(streamChatCompletion(connection, { messages }));
    expect(error.kind).toBe("cut");
    expect(error.message).toBe("the connection closed before the reply was finished");
    const kept = error.partial[0]!.text;
    expect(kept.length).toBeGreaterThan(0);
    expect(full.startsWith(kept)).toBe(true);
    expect(kept.length).toBeLessThan(full.length);
    expect(error.partial[0]!.finishReason).toBeNull();
    // One-shot: the next answer streams whole.
    expect((await streamChatCompletion(connection, { messages })).choices[0]!.text).toBe(full);
  });

  it("reports a stream that ends cleanly without a finish_reason (a proxy giving up) as 'cut'", async () => {
    // A server of the test's own: the stub's cut destroys the socket; this one ends the body.
    const proxy = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const chunk = (delta: object) =>
        `data: ${JSON.stringify({ object: "chat.completion.chunk", model: "m", choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`;
      res.end(chunk({ role: "assistant", content: "" }) + chunk({ content: "Half an" }));
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    try {
      const { id } = await createModelEndpoint(
        {
          name: `p-${uniqueSuffix()}`,
          baseUrl: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1`,
          model: "m",
        },
        null,
      );
      const error = await failure(streamChatCompletion(await endpointClient(id, { maxRetries: 0 }), { messages }));
      expect(error.kind).toBe("cut");
      expect(error.message).toBe("the stream ended before the reply was finished");
      expect(error.partial).toEqual([{ text: "Half an", toolCalls: [], finishReason: null }]);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it("waits for a slow first token and measures it", async () => {
    const connection = await connect();
    stub.set({ firstTokenDelayMs: 300 });
    const result = await streamChatCompletion(connection, { messages }, { idleTimeoutMs: 2_000 });
    expect(result.firstTokenMs).toBeGreaterThanOrEqual(300);
    expect(result.choices[0]!.finishReason).toBe("stop");
    expect(result.choices[0]!.text.length).toBeGreaterThan(20);
  });

  it("reports a 429 or a 500 before the stream as 'endpoint', in readable words", async () => {
    const connection = await connect();
    stub.set({ failNext: { count: 1, status: 429, retryAfterSeconds: 3 } });
    const limited = await failure(streamChatCompletion(connection, { messages }));
    expect(limited.kind).toBe("endpoint");
    expect(limited.message).toBe("rate limited (429); it asks to retry after 3 s: Rate limit reached (stub).");
    expect(limited.partial).toEqual([{ text: "", toolCalls: [], finishReason: null }]);
    stub.set({ failNext: { count: 1, status: 500 } });
    const failed = await failure(streamChatCompletion(connection, { messages }));
    expect(failed.kind).toBe("endpoint");
    expect(failed.message).toBe("the endpoint failed (500): The server had an error (stub).");
  });

  it("reports an error event inside the stream as 'endpoint', keeping the text received", async () => {
    const connection = await connect();
    const full = (await unstreamed(connection)).choices[0]!.text;
    stub.set({ errorMidStreamNext: true });
    const error = await failure(streamChatCompletion(connection, { messages }));
    expect(error.kind).toBe("endpoint");
    expect(error.message).toBe(
      "the endpoint reported an error mid-stream: The server had an error while processing your request (stub).",
    );
    expect(error.partial[0]!.text.length).toBeGreaterThan(0);
    expect(full.startsWith(error.partial[0]!.text)).toBe(true);
    expect(error.message).not.toContain(KEY);
  });

  it("gives up on an endpoint that goes quiet ('timeout') and closes the request", async () => {
    const connection = await connect();
    stub.set({ chunkDelayMs: 1_000 });
    const started = performance.now();
    const error = await failure(streamChatCompletion(connection, { messages }, { idleTimeoutMs: 200 }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe("no data from the endpoint for 0.2 s");
    expect(performance.now() - started).toBeLessThan(900);
    await expect.poll(() => stub.activeStreams).toBe(0);
  });

  it("stops when the caller aborts ('aborted') and closes the upstream request", async () => {
    const connection = await connect();
    stub.set({ chunkDelayMs: 40 });
    const controller = new AbortController();
    let openWhileStreaming = -1;
    const error = await failure(
      streamChatCompletion(
        connection,
        { messages },
        {
          signal: controller.signal,
          onEvent: () => {
            openWhileStreaming = stub.activeStreams;
            controller.abort();
          },
        },
      ),
    );
    expect(openWhileStreaming).toBe(1);
    expect(error.kind).toBe("aborted");
    expect(error.partial[0]!.text.length).toBeGreaterThan(0);
    await expect.poll(() => stub.activeStreams).toBe(0);
    // An exception in the caller's own handler is the caller's, not a broken stream.
    const mistake = new RangeError("the caller's bug");
    await expect(
      streamChatCompletion(
        connection,
        { messages },
        {
          onEvent: () => {
            throw mistake;
          },
        },
      ),
    ).rejects.toBe(mistake);
    await expect.poll(() => stub.activeStreams).toBe(0);
    // A signal already aborted sends nothing.
    const before = stub.requests.length;
    const early = await failure(streamChatCompletion(connection, { messages }, { signal: AbortSignal.abort() }));
    expect(early.kind).toBe("aborted");
    expect(stub.requests.length).toBe(before);
  });

  it("reassembles tool calls streamed in fragments into valid JSON arguments, then reads the tool's result", async () => {
    const connection = await connect("stub-tools");
    const ask: ChatMessageForModel[] = [{ role: "user", content: "What will the weather be in Paris tomorrow?" }];
    const events: ChatStreamEvent[] = [];
    const result = await streamChatCompletion(
      connection,
      { messages: ask, tools: [WEATHER_TOOL] },
      { onEvent: (event) => events.push(event) },
    );
    const toolEvents = events.filter((e) => e.type === "tool_call");
    expect(toolEvents.length).toBeGreaterThan(2);
    expect(events.some((e) => e.type === "delta")).toBe(false);
    const [choice] = result.choices;
    expect(choice!.finishReason).toBe("tool_calls");
    expect(choice!.text).toBe("");
    expect(choice!.toolCalls).toHaveLength(1);
    const call = toolCallSchema.parse(choice!.toolCalls[0]);
    expect(call.function.name).toBe("get_weather");
    expect(JSON.parse(call.function.arguments)).toEqual({ city: "will weather paris", days: 3 });
    expect(stub.requests.at(-1)!.body).toMatchObject({ tools: [WEATHER_TOOL] });
    // The same as the non-streamed answer's tool call.
    const plain = await connection.client.chat.completions.create({
      model: connection.model,
      messages: ask.map((m) => ({ role: "user" as const, content: m.content ?? "" })),
      tools: [WEATHER_TOOL as never],
      seed: 7,
    });
    expect(plain.choices[0]!.message.tool_calls).toEqual([call]);

    const answered = await streamChatCompletion(connection, {
      messages: [
        ...ask,
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", content: "Sunny, 24 °C", tool_call_id: call.id },
      ],
      tools: [WEATHER_TOOL],
    });
    expect(answered.choices[0]).toMatchObject({ finishReason: "stop", toolCalls: [] });
    expect(answered.choices[0]!.text).toContain('The get_weather tool says: "Sunny, 24 °C"');
    expect(stub.requests.at(-1)!.body).toMatchObject({
      messages: [
        { role: "user" },
        { role: "assistant", content: null, tool_calls: [call] },
        { role: "tool", content: "Sunny, 24 °C", tool_call_id: call.id },
      ],
    });
  });

  it("treats junk in the stream, or an answer that is not a stream, as 'answer'", async () => {
    const connection = await connect();
    stub.set({ junkChunkNext: "text" });
    const notJson = await failure(streamChatCompletion(connection, { messages }));
    expect(notJson.kind).toBe("answer");
    expect(notJson.message).toBe("the endpoint sent a stream event that is not JSON");
    stub.set({ junkChunkNext: "json" });
    const notChunk = await failure(streamChatCompletion(connection, { messages }));
    expect(notChunk.kind).toBe("answer");
    expect(notChunk.message).toBe("the endpoint sent a stream event that is not a chat completion chunk");
    stub.set({ malformedNext: 1 });
    const notStream = await failure(streamChatCompletion(connection, { messages }));
    expect(notStream.kind).toBe("answer");
    expect(notStream.message).toMatch(/did not answer with a stream/);
  });
});
