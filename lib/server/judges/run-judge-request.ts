import "server-only";
import { combineOrders, swappedOrder } from "@/lib/domain/judges/combine";
import { renderJudgePrompt } from "@/lib/domain/judges/template";
import { parseVerdict, rankingToIds } from "@/lib/domain/judges/verdict";
import { inTransaction, pool } from "@/lib/server/db/client";
import { RetryLater, cachedConnection, type Attempt, type RequestOutcome } from "@/lib/server/generation/run-request";
import { pauseEndpoint } from "@/lib/server/generation/pacing";
import { readChatCompletion } from "@/lib/server/models/chat-completion";
import { describeEndpointError, type EndpointFailure } from "@/lib/server/models/endpoint-errors";
import type { EndpointConnection } from "@/lib/server/models/endpoint-client";
import type { JudgeJobData } from "@/lib/server/judges/judge-jobs";
import {
  countItemDone,
  countVerdict,
  insertVerdict,
  judgeForRun,
  itemVerdicts,
  requestContext,
  selectRun,
  setRunStatus,
  upsertAnnotation,
  type NewVerdict,
} from "@/lib/server/judges/judge-queries";
import { finishRun } from "@/lib/server/judges/judge-routing";

// One judge request, as the generation worker runs it (lib/server/generation/worker.ts): the
// item in one display order, rendered with the run's prompt version, sent through the
// endpoint's client with the generation's pacing and retry rules (docs/MODELS.md "Limits").
// The answer is recorded whatever it says: parsed, unparsed (with the reason) or failed.
// (run, item, order) is unique, so a retry or a worker killed mid-request records nothing twice.

export async function runJudgeRequest(job: JudgeJobData, attempt: Attempt): Promise<RequestOutcome> {
  const context = await requestContext(pool(), job.runId, job.itemId, job.swap);
  if (!context || (context.run_status !== "queued" && context.run_status !== "running")) return "ignored";
  if (context.answered) return "skipped";
  if (context.run_status === "queued") await inTransaction((tx) => setRunStatus(tx, job.runId, "running"));
  const own = context.completions.map((c) => c.id);
  const displayOrder = job.swap === 0 ? own : swappedOrder(own);
  const base: Omit<NewVerdict, "ranking" | "unsure" | "rationale" | "raw" | "parseError"> = {
    runId: job.runId,
    itemId: job.itemId,
    swap: job.swap,
    displayOrder,
    errorKind: null,
    error: null,
    latencyMs: null,
    promptTokens: null,
    completionTokens: null,
  };
  const failed = (failure: Pick<EndpointFailure, "kind" | "message">) =>
    record({
      ...base,
      ranking: null,
      unsure: false,
      rationale: null,
      raw: null,
      parseError: null,
      errorKind: failure.kind,
      error: failure.message,
    });

  if (context.body === null || displayOrder.length < 2) {
    return failed({
      kind: "refused",
      message: context.body === null ? "the prompt version is missing" : "the item has fewer than two completions",
    });
  }
  let connection: EndpointConnection | null;
  try {
    connection = await cachedConnection(job.endpointId, job.timeoutMs);
  } catch (error) {
    return failed(describeEndpointError(error, []));
  }
  if (!connection) return failed({ kind: "refused", message: "the endpoint was removed" });

  const texts = new Map(context.completions.map((c) => [c.id, c.text]));
  const prompt = renderJudgePrompt(context.body, {
    messages: context.messages,
    replies: displayOrder.map((id) => texts.get(id) ?? ""),
  });
  const started = performance.now();
  let answer: unknown;
  try {
    answer = await connection.client.chat.completions.create({
      ...connection.defaults,
      model: connection.model,
      messages: [{ role: "user", content: prompt }],
    });
  } catch (error) {
    return handleFailure(job, connection.describeError(error), attempt, failed);
  }
  const latencyMs = Math.round(performance.now() - started);
  let result;
  try {
    result = readChatCompletion(answer);
  } catch (error) {
    return handleFailure(job, connection.describeError(error), attempt, failed);
  }
  const raw = result.choices[0]!.text;
  const parsed = parseVerdict(raw, displayOrder.length);
  return record({
    ...base,
    latencyMs,
    promptTokens: result.usage?.promptTokens ?? null,
    completionTokens: result.usage?.completionTokens ?? null,
    raw,
    rationale: parsed.rationale,
    ranking: parsed.ok && parsed.ranking ? rankingToIds(parsed.ranking, displayOrder) : null,
    unsure: parsed.ok && parsed.unsure,
    parseError: parsed.ok ? null : parsed.error,
  });
}

async function handleFailure(
  job: JudgeJobData,
  failure: EndpointFailure,
  attempt: Attempt,
  failed: (f: EndpointFailure) => Promise<RequestOutcome>,
): Promise<RequestOutcome> {
  if (failure.retryable && attempt.retryCount < attempt.retryLimit) {
    if (failure.kind === "rate_limited" && failure.retryAfterSeconds !== null) {
      await pauseEndpoint(job.endpointId, failure.retryAfterSeconds);
    }
    throw new RetryLater(failure.message);
  }
  return failed(failure);
}

/**
 * Records one answer, and when it is the item's second, combines both into the judge's
 * annotation; the last item's answer ends the run. The run's row is locked first, so two
 * answers of one item recorded at once see each other (the second one combines).
 */
async function record(verdict: NewVerdict): Promise<RequestOutcome> {
  return inTransaction(async (tx) => {
    const run = await selectRun(tx, verdict.runId, { forUpdate: true });
    if (!run) return "ignored" as const;
    if (!(await insertVerdict(tx, verdict))) return "skipped" as const;
    await countVerdict(tx, run.id, {
      failed: verdict.error === null ? 0 : 1,
      unparsed: verdict.parseError === null ? 0 : 1,
      promptTokens: verdict.promptTokens ?? 0,
      completionTokens: verdict.completionTokens ?? 0,
    });
    const both = await itemVerdicts(tx, run.id, verdict.itemId);
    if (both.length === 2) {
      const [own, swapped] = both;
      const combined = combineOrders(own!, swapped!);
      const judge = await judgeForRun(tx, run.judge_id);
      await upsertAnnotation(tx, {
        judgeId: run.judge_id,
        projectId: run.project_id,
        itemId: verdict.itemId,
        runId: run.id,
        provenance: `judge:${judge?.name ?? "?"}`,
        ranking: combined.ranking,
        consistent: combined.consistent,
        unsure: combined.unsure,
        rationale: combined.rationale,
        promptVersion: run.prompt_version,
      });
      const after = await countItemDone(tx, run.id);
      if (after.done >= after.items) await finishRun(tx, run.id);
    }
    return verdict.error === null ? ("done" as const) : ("failed" as const);
  });
}

/** A request pg-boss gave up on (its workers kept dying): recorded as failed. */
export async function abandonJudgeRequest(job: JudgeJobData): Promise<RequestOutcome> {
  const context = await requestContext(pool(), job.runId, job.itemId, job.swap);
  if (!context || context.answered) return "ignored";
  const own = context.completions.map((c) => c.id);
  return record({
    runId: job.runId,
    itemId: job.itemId,
    swap: job.swap,
    displayOrder: job.swap === 0 ? own : swappedOrder(own),
    ranking: null,
    unsure: false,
    rationale: null,
    raw: null,
    parseError: null,
    errorKind: "connection",
    error: "the request's worker stopped mid-request on every attempt",
    latencyMs: null,
    promptTokens: null,
    completionTokens: null,
  });
}
