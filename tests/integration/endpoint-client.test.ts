// endpointClient and the Test action drive the real `openai` SDK against the local
// OpenAI-protocol stub: success, a refused key, 429 with Retry-After, 500s, a timeout,
// malformed JSON, a redirect, a server that is not there. The key goes where the admin
// pointed it and nowhere else, and no error repeats it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { readChatCompletion } from "@/lib/server/models/chat-completion";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { endpointClient } from "@/lib/server/models/endpoint-client";
import { testModelEndpoint } from "@/lib/server/models/test-model-endpoint";
import type { CreateModelEndpointInput } from "@/lib/validation/models";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { uniqueSuffix } from "../support/factories";

const KEY = `sk-stub-${uniqueSuffix()}${uniqueSuffix()}`;
let stub: OpenAIStub;
let elsewhere: OpenAIStub;

beforeAll(async () => {
  stub = await startOpenAIStub({ apiKey: KEY });
  elsewhere = await startOpenAIStub();
});

afterEach(() => {
  stub.set({ latencyMs: 0, failNext: null, malformedNext: 0, redirectTo: null, apiKey: KEY });
  stub.requests.length = 0;
});

afterAll(async () => {
  await Promise.all([stub.close(), elsewhere.close()]);
  await db.$disconnect();
});

async function endpoint(change: Partial<CreateModelEndpointInput> = {}) {
  return createModelEndpoint(
    { name: `e-${uniqueSuffix()}`, baseUrl: stub.url, model: "stub-careful", apiKey: KEY, ...change },
    null,
  );
}

const ask = { messages: [{ role: "user" as const, content: "Name three uses of a paperclip." }] };

describe("endpointClient", () => {
  it("sends the endpoint's model, key and defaults, and reads the completion", async () => {
    const { id } = await endpoint({ temperature: 0.3, topP: 0.8, maxTokens: 12, seed: 5, stop: ["###"] });
    const { client, model, defaults, endpoint: info } = await endpointClient(id);
    expect(defaults).toEqual({ temperature: 0.3, top_p: 0.8, max_tokens: 12, seed: 5, stop: ["###"] });
    expect(info).toMatchObject({ id, baseUrl: stub.url, maxConcurrency: 4, requestsPerMinute: null });
    const answer = readChatCompletion(await client.chat.completions.create({ ...defaults, model, ...ask }));
    expect(answer.choices[0]).toEqual({ text: expect.any(String), finishReason: "length" });
    expect(answer.usage).toMatchObject({ completionTokens: 12 });
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]).toMatchObject({
      method: "POST",
      path: "/v1/chat/completions",
      authorization: `Bearer ${KEY}`,
      body: { model: "stub-careful", temperature: 0.3, top_p: 0.8, max_tokens: 12, seed: 5, stop: ["###"] },
    });
  });

  it("sends no key for an endpoint without one, and nothing of the process's OPENAI_* settings", async () => {
    stub.set({ apiKey: null });
    const saved = { ...process.env };
    Object.assign(process.env, {
      OPENAI_API_KEY: "sk-from-the-environment",
      OPENAI_ADMIN_KEY: "sk-admin-from-the-environment",
      OPENAI_BASE_URL: elsewhere.url,
      OPENAI_ORG_ID: "org-from-the-environment",
    });
    try {
      for (const apiKey of [undefined, KEY]) {
        const { id } = await endpoint({ apiKey });
        const { client, model } = await endpointClient(id);
        await client.chat.completions.create({ model, ...ask });
      }
    } finally {
      process.env = saved;
    }
    expect(stub.requests.map((r) => r.authorization)).toEqual([null, `Bearer ${KEY}`]);
    for (const { headers } of stub.requests) {
      expect(Object.keys(headers).filter((h) => h.startsWith("openai-"))).toEqual([]);
      expect(JSON.stringify(headers)).not.toContain("from-the-environment");
    }
    expect(elsewhere.requests).toHaveLength(0);
  });

  it("reads a key named by an environment variable when it sends, and says when it is unset", async () => {
    const variable = `STUB_KEY_${uniqueSuffix().toUpperCase().replace(/-/g, "_")}`;
    const { id, name } = await endpoint({ apiKey: undefined, apiKeyEnv: variable });
    await expect(endpointClient(id)).rejects.toMatchObject({
      code: "conflict",
      message: `endpoint ${name}: the environment variable ${variable} is not set on this server`,
    });
    process.env[variable] = KEY;
    try {
      const { client, model } = await endpointClient(id);
      await client.chat.completions.create({ model, ...ask });
    } finally {
      delete process.env[variable];
    }
    expect(stub.requests[0]!.authorization).toBe(`Bearer ${KEY}`);
  });

  it("waits as Retry-After asks after a 429, then succeeds", async () => {
    const { id } = await endpoint();
    stub.set({ failNext: { count: 1, status: 429, retryAfterSeconds: 1 } });
    const { client, model } = await endpointClient(id, { maxRetries: 1 });
    const started = Date.now();
    await client.chat.completions.create({ model, ...ask });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(stub.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it("retries 500s, and describes the one it gives up on", async () => {
    const { id } = await endpoint();
    stub.set({ failNext: { count: 2, status: 500, retryAfterSeconds: 0 } });
    const retrying = await endpointClient(id, { maxRetries: 2 });
    await retrying.client.chat.completions.create({ model: retrying.model, ...ask });
    expect(stub.requests.map((r) => r.status)).toEqual([500, 500, 200]);

    stub.set({ failNext: { count: 1, status: 500 } });
    const once = await endpointClient(id, { maxRetries: 0 });
    const error = await once.client.chat.completions.create({ model: once.model, ...ask }).catch((e: unknown) => e);
    expect(once.describeError(error)).toEqual({
      kind: "server",
      status: 500,
      retryable: true,
      retryAfterSeconds: null,
      message: "the endpoint failed (500): The server had an error (stub).",
    });
  });

  it("gives up on an answer slower than its timeout", async () => {
    const { id } = await endpoint();
    stub.set({ latencyMs: 3000 });
    const { client, model, describeError } = await endpointClient(id, { timeoutMs: 300, maxRetries: 0 });
    const started = Date.now();
    const error = await client.chat.completions.create({ model, ...ask }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(describeError(error)).toMatchObject({ kind: "timeout", retryable: true, message: "no answer within 0.3 s" });
  });

  it("does not follow a redirect: the server it points to hears nothing", async () => {
    const { id } = await endpoint();
    stub.set({ redirectTo: `${elsewhere.url}/chat/completions` });
    const { client, model, describeError } = await endpointClient(id);
    const error = await client.chat.completions.create({ model, ...ask }).catch((e: unknown) => e);
    expect(describeError(error)).toMatchObject({ kind: "redirect", status: 302, retryable: false });
    expect(stub.requests).toHaveLength(1);
    expect(elsewhere.requests).toHaveLength(0);
  });
});

describe("testModelEndpoint (the Test action)", () => {
  it("answers latency and reply, and keeps them on the endpoint without touching its updatedAt", async () => {
    const created = await endpoint();
    stub.set({ latencyMs: 200 });
    const test = await testModelEndpoint({ endpoint: { id: created.id } });
    expect(test).toMatchObject({ ok: true, finishReason: "length", usage: { completionTokens: 8 } });
    expect(test.ok && test.latencyMs).toBeGreaterThanOrEqual(200);
    expect(test.ok && test.reply.length).toBeGreaterThan(0);
    const row = await db.modelEndpoint.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({ lastTestOk: true, lastTestLatencyMs: test.ok ? test.latencyMs : -1 });
    expect(row.lastTestMessage).toBe(test.ok ? test.reply : "");
    expect(row.updatedAt).toEqual(created.updatedAt);
  });

  it("reports a wrong key as the endpoint's 401, without the key", async () => {
    const { id } = await endpoint({ apiKey: `${KEY}-wrong` });
    const test = await testModelEndpoint({ endpoint: { id } });
    expect(test).toEqual({
      ok: false,
      latencyMs: expect.any(Number),
      kind: "auth",
      status: 401,
      error: "the endpoint refused the key (401): Incorrect API key provided (stub).",
    });
    expect(JSON.stringify(test)).not.toContain(KEY);
  });

  it("waits out a short Retry-After once and succeeds; reports a long one at once", async () => {
    const { id } = await endpoint();
    stub.set({ failNext: { count: 1, status: 429, retryAfterSeconds: 1 } });
    const started = Date.now();
    expect(await testModelEndpoint({ endpoint: { id } })).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(stub.requests.map((r) => r.status)).toEqual([429, 200]);

    stub.set({ failNext: { count: 1, status: 429, retryAfterSeconds: 60 } });
    const quick = Date.now();
    expect(await testModelEndpoint({ endpoint: { id } })).toMatchObject({
      ok: false,
      kind: "rate_limited",
      status: 429,
      error: "rate limited (429); it asks to retry after 60 s: Rate limit reached (stub).",
    });
    expect(Date.now() - quick).toBeLessThan(1000);
  });

  it("surfaces malformed JSON clearly, and the next request works", async () => {
    const { id } = await endpoint();
    stub.set({ malformedNext: 1 });
    expect(await testModelEndpoint({ endpoint: { id } })).toMatchObject({
      ok: false,
      kind: "bad_response",
      error: "the endpoint's answer is not valid JSON",
    });
    expect(await testModelEndpoint({ endpoint: { id } })).toMatchObject({ ok: true });
  });

  it("says which model the server does not know, and when nothing listens", async () => {
    const { id } = await endpoint({ model: "no-such-model" });
    const unknown = await testModelEndpoint({ endpoint: { id } });
    expect(unknown).toMatchObject({ ok: false, kind: "refused", status: 404 });
    expect(!unknown.ok && unknown.error).toContain('The model "no-such-model" does not exist');
    // A port that was free a moment ago: nothing listens there now.
    const gone = await startOpenAIStub();
    await gone.close();
    const { id: away } = await endpoint({ baseUrl: gone.url });
    expect(await testModelEndpoint({ endpoint: { id: away } })).toMatchObject({
      ok: false,
      kind: "connection",
      error: "connection refused: is the server running at that address?",
    });
  });
});
