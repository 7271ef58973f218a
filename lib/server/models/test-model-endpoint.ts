import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { testModelEndpointSchema, type TestModelEndpointInput } from "@/lib/validation/models";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { readChatCompletion } from "@/lib/server/models/chat-completion";
import { connectionFor } from "@/lib/server/models/endpoint-client";
import { describeEndpointError, type EndpointFailureKind } from "@/lib/server/models/endpoint-errors";
import { recordEndpointTest, type EndpointRow } from "@/lib/server/models/model-endpoint-queries";
import { findEndpointRow, type EndpointRef } from "@/lib/server/models/model-endpoint-record";

export const TEST_PROMPT = "Reply with one word: hello.";
const TEST_TIMEOUT_MS = 15_000;
/** A 429 asking for at most this long is waited out once; a longer wait is reported. */
const MAX_TEST_RETRY_WAIT_SECONDS = 5;
const MAX_REPLY_SHOWN = 500;

export type EndpointTestResult =
  | {
      ok: true;
      latencyMs: number;
      reply: string;
      finishReason: string | null;
      usage: { promptTokens: number; completionTokens: number } | null;
    }
  | { ok: false; latencyMs: number | null; kind: EndpointFailureKind; status: number | null; error: string };

/**
 * The "Test" action: one tiny chat completion (1 to 8 tokens) with the endpoint's defaults.
 * Answers latency and reply, or the error in safe words; never throws for the endpoint's
 * failures (only for an unknown endpoint). The result is kept on the endpoint for its list.
 */
export async function testModelEndpoint(options: {
  endpoint: EndpointRef;
  input?: TestModelEndpointInput;
  timeoutMs?: number;
}): Promise<EndpointTestResult> {
  const { prompt, maxTokens } = testModelEndpointSchema.parse(options.input ?? {});
  const row = await findEndpointRow(options.endpoint);
  const timeoutMs = options.timeoutMs ?? TEST_TIMEOUT_MS;
  const result = await send(row, prompt ?? TEST_PROMPT, maxTokens, timeoutMs);
  // A test is not a change of the endpoint's settings: no audit entry, updated_at kept.
  await recordEndpointTest(pool(), row.id, {
    ok: result.ok,
    latencyMs: result.latencyMs,
    message: (result.ok ? result.reply : result.error).slice(0, MAX_REPLY_SHOWN),
  });
  return result;
}

async function send(
  row: EndpointRow,
  prompt: string,
  maxTokens: number,
  timeoutMs: number,
): Promise<EndpointTestResult> {
  let connection;
  try {
    // One request: our own single retry below is the only one, and only for a short 429.
    connection = connectionFor(row, { timeoutMs, maxRetries: 0 });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const failure = describeEndpointError(error, []);
    return { ok: false, latencyMs: null, kind: failure.kind, status: null, error: failure.message };
  }
  const { client, model, defaults } = connection;
  for (let attempt = 1; ; attempt += 1) {
    const started = performance.now();
    try {
      const answer: unknown = await client.chat.completions.create({
        ...defaults,
        model,
        messages: [{ role: "user", content: prompt }],
        max_tokens: maxTokens,
      });
      const latencyMs = Math.round(performance.now() - started);
      const completion = readChatCompletion(answer);
      const choice = completion.choices[0]!;
      return {
        ok: true,
        latencyMs,
        reply: choice.text.slice(0, MAX_REPLY_SHOWN),
        finishReason: choice.finishReason,
        usage: completion.usage,
      };
    } catch (error) {
      const latencyMs = Math.round(performance.now() - started);
      const failure = connection.describeError(error);
      const wait = failure.retryAfterSeconds;
      if (attempt === 1 && failure.kind === "rate_limited" && wait !== null && wait <= MAX_TEST_RETRY_WAIT_SECONDS) {
        await sleep(wait * 1000);
        continue;
      }
      return { ok: false, latencyMs, kind: failure.kind, status: failure.status, error: failure.message };
    }
  }
}
