import "server-only";
import type OpenAI from "openai";
import { openAiMessages, openAiTools, type ToolDefinition } from "@/lib/domain/tool-calls";
import { randomUUID } from "node:crypto";
import { generationKey } from "@/lib/domain/generation/plan";
import { inTransaction } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { readChatCompletion } from "@/lib/server/models/chat-completion";
import { connectionFor, type EndpointConnection } from "@/lib/server/models/endpoint-client";
import { describeEndpointError, type EndpointFailure } from "@/lib/server/models/endpoint-errors";
import { findEndpointRow } from "@/lib/server/models/model-endpoint-record";
import { cancelBossJobs } from "@/lib/server/generation/cancel-generation";
import {
  countFinished,
  endpointSucceededInJob,
  failJob,
  finishTask,
  markJobRunning,
  noteAttempt,
  recordGeneration,
  taskContext,
  type TaskContext,
} from "@/lib/server/generation/generation-queries";
import { pauseEndpoint } from "@/lib/server/generation/pacing";

// One request of a generation job, as a pg-boss job runs it (lib/server/generation/worker.ts).
// Retries: the SDK makes none (maxRetries 0); a 429, 5xx, timeout or lost connection throws
// RetryLater and pg-boss runs the job again after its backoff, while a 429's Retry-After
// pauses the endpoint for every worker (pacing.ts). So every attempt passes our shared limits,
// and a retry's schedule survives a crash. The last attempt's failure is recorded on the item.

/** The request failed in a way worth another attempt: the worker hands it back to pg-boss. */
export class RetryLater extends Error {
  override name = "RetryLater";
}

export type RequestOutcome = "done" | "failed" | "skipped" | "ignored" | "job_failed";

const connections = new Map<string, { connection: EndpointConnection; readAt: number }>();
/** An endpoint's settings (URL, key, defaults) are re-read this often by a worker. */
const CONNECTION_TTL_MS = 5000;

/**
 * The endpoint's client with this request timeout, cached briefly; null when the endpoint was
 * removed. Key problems throw AppError.
 */
export async function cachedConnection(
  endpointId: string,
  timeoutMs = env().GENERATION_TIMEOUT_SECONDS * 1000,
): Promise<EndpointConnection | null> {
  const cacheKey = `${endpointId}:${timeoutMs}`;
  const cached = connections.get(cacheKey);
  if (cached && Date.now() - cached.readAt < CONNECTION_TTL_MS) return cached.connection;
  try {
    const row = await findEndpointRow({ id: endpointId });
    const connection = connectionFor(row, { timeoutMs, maxRetries: 0 });
    connections.set(cacheKey, { connection, readAt: Date.now() });
    return connection;
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return null;
    throw error;
  }
}

export interface Attempt {
  /** Attempts made before this one (pg-boss's retryCount). */
  retryCount: number;
  retryLimit: number;
  /** The request timeout set when the request was queued (GENERATION_TIMEOUT_SECONDS then). */
  timeoutMs?: number;
}

/** Runs one request; throws RetryLater when pg-boss should run it again later. */
export async function runGenerationRequest(taskId: string, attempt: Attempt): Promise<RequestOutcome> {
  const task = await taskContext(taskId);
  // A job cancelled or ended, or a request finished by an earlier run of this job: nothing to do.
  if (!task || task.status !== "pending" || (task.job_status !== "queued" && task.job_status !== "running")) {
    return "ignored";
  }
  if (task.job_status === "queued") await markJobRunning(task.job_id);
  const key = generationKey(task.item_id, task.endpoint_id, task.sample_index);
  // A worker killed after writing the completion and before finishing its job: do not ask again.
  if (task.key_exists) return finishSkipped(task, "the completion exists already");

  let connection: EndpointConnection | null;
  try {
    connection = await cachedConnection(task.endpoint_id, attempt.timeoutMs);
  } catch (error) {
    // The key cannot be used (secret rotated, variable unset): the same for every request.
    return finishFailed(task, describeEndpointError(error, []), attempt, true);
  }
  if (!connection) {
    return finishFailed(
      task,
      { kind: "refused", status: null, retryable: false, retryAfterSeconds: null, message: "the endpoint was removed" },
      attempt,
      true,
    );
  }

  const params = { ...connection.defaults };
  const started = performance.now();
  let answer: unknown;
  try {
    answer = await connection.client.chat.completions.create({
      ...params,
      model: connection.model,
      // OpenAI's keys only: a tool result without `name`, a reply that only calls tools without content.
      messages: openAiMessages(task.messages) as OpenAI.ChatCompletionMessageParam[],
      ...(task.tools ? { tools: openAiTools(task.tools as ToolDefinition[]) as OpenAI.ChatCompletionTool[] } : {}),
    });
  } catch (error) {
    return handleFailure(task, connection.describeError(error), attempt);
  }
  const latencyMs = Math.round(performance.now() - started);
  let result;
  try {
    result = readChatCompletion(answer);
  } catch (error) {
    return handleFailure(task, connection.describeError(error), attempt);
  }
  const choice = result.choices[0]!;
  return recordGeneration({
    taskId: task.id,
    completionId: randomUUID(),
    text: choice.text,
    modelLabel: connection.endpoint.name,
    generationKey: key,
    endpointName: connection.endpoint.name,
    model: connection.model,
    servedModel: result.model,
    params,
    finishReason: choice.finishReason,
    latencyMs,
    promptTokens: result.usage?.promptTokens ?? null,
    completionTokens: result.usage?.completionTokens ?? null,
  });
}

async function skipIn(client: Parameters<Parameters<typeof inTransaction>[0]>[0], task: TaskContext, why: string) {
  if (!(await finishTask(client, task.id, { status: "skipped", error: why }))) return "ignored" as const;
  await countFinished(client, task.job_id, { skipped: 1 });
  return "skipped" as const;
}

function finishSkipped(task: TaskContext, why: string): Promise<RequestOutcome> {
  return inTransaction((client) => skipIn(client, task, why));
}

async function handleFailure(task: TaskContext, failure: EndpointFailure, attempt: Attempt): Promise<RequestOutcome> {
  if (failure.retryable && attempt.retryCount < attempt.retryLimit) {
    if (failure.kind === "rate_limited" && failure.retryAfterSeconds !== null) {
      await pauseEndpoint(task.endpoint_id, failure.retryAfterSeconds);
    }
    await noteAttempt(task.id, failure.kind, failure.message);
    throw new RetryLater(failure.message);
  }
  return finishFailed(task, failure, attempt, false);
}

/**
 * Records a request's failure on its item. "Endpoint down": when the endpoint has produced
 * nothing in this job and the failure is one of reaching it (retries spent on 429, 5xx,
 * timeouts or no connection; or a key it cannot use), the whole job ends failed with the
 * reason, and its other requests are not sent.
 */
async function finishFailed(
  task: TaskContext,
  failure: EndpointFailure,
  _attempt: Attempt,
  endpointUnusable: boolean,
): Promise<RequestOutcome> {
  const name = task.endpoint_name ?? "the endpoint";
  const outcome = await inTransaction(async (client) => {
    if (!(await finishTask(client, task.id, { status: "failed", errorKind: failure.kind, error: failure.message }))) {
      return "ignored" as const;
    }
    await countFinished(client, task.job_id, { failed: 1 });
    const down = endpointUnusable || failure.retryable;
    if (down && !(await endpointSucceededInJob(client, task.job_id, task.endpoint_id))) {
      const reason = endpointUnusable
        ? `endpoint ${name} cannot be used: ${failure.message}`
        : `endpoint ${name} is unreachable (every attempt failed): ${failure.message}`;
      if (await failJob(client, task.job_id, reason)) return "job_failed" as const;
    }
    return "failed" as const;
  });
  if (outcome === "job_failed") await cancelBossJobs(task.job_id);
  return outcome;
}

/**
 * A request pg-boss gave up on without our handler finishing it (its workers died mid-request
 * more often than the retry limit): recorded on its item like any failure.
 */
export async function abandonRequest(taskId: string): Promise<RequestOutcome> {
  const task = await taskContext(taskId);
  if (!task || task.status !== "pending") return "ignored";
  return finishFailed(
    task,
    {
      kind: "connection",
      status: null,
      retryable: false,
      retryAfterSeconds: null,
      message: "the request's worker stopped mid-request on every attempt",
    },
    { retryCount: 0, retryLimit: 0 },
    false,
  );
}
