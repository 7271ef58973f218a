import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { laneFor, laneQueue } from "@/lib/domain/generation/plan";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction, pool } from "@/lib/server/db/client";
import { isUuid } from "@/lib/server/db/query";
import { env } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { ensureLaneQueues, generationBoss, onClient, requestJobOptions } from "@/lib/server/generation/boss";
import { judgeBossJobId, type JudgeJobData } from "@/lib/server/judges/judge-jobs";
import {
  insertRun,
  liveRunOf,
  lockJudge,
  runItemIds,
  sampleRunItems,
  selectRun,
  selectRuns,
  setRunStatus,
} from "@/lib/server/judges/judge-queries";
import { judgeProject, requireJudge } from "@/lib/server/judges/judges";
import { finishRun } from "@/lib/server/judges/judge-routing";
import { runView, type JudgeRunView } from "@/lib/server/judges/run-view";
import { findEndpointRow } from "@/lib/server/models/model-endpoint-record";
import { connectionFor } from "@/lib/server/models/endpoint-client";

// Runs of a judge (docs/JUDGES.md, "Runs"): every item with two completions or more is asked
// in both display orders, one pg-boss job per (item, order) on the endpoint's lanes. The
// worker records each answer (lib/server/judges/run-judge-request.ts).

/** Requests one run may make (items × 2). */
export const MAX_RUN_ITEMS = 100_000;

export async function startJudgeRun(options: {
  slug: string;
  name: string;
  actorId: string | null;
}): Promise<JudgeRunView> {
  const project = await judgeProject(options.slug);
  if (project.status === "archived") throw new AppError("conflict", "the project is archived");
  const judge = await requireJudge(pool(), project.id, options.name);
  const endpoint = await findEndpointRow({ id: judge.endpoint_id });
  connectionFor(endpoint); // a key that cannot be used fails now, not per request
  const boss = await generationBoss();
  await ensureLaneQueues(boss, endpoint.id, endpoint.maxConcurrency);
  const runId = randomUUID();
  await inTransaction(async (tx) => {
    // One live run per judge: two would answer the same items twice over.
    await lockJudge(tx, judge.id);
    const live = await liveRunOf(tx, judge.id);
    if (live) throw new AppError("conflict", `the judge has a run in progress (${live}): cancel it or wait for it`);
    const items = await runItemIds(tx, project.id);
    if (items.length > MAX_RUN_ITEMS) {
      throw new AppError("bad_request", `the run would ask about more than ${MAX_RUN_ITEMS} items`);
    }
    await insertRun(tx, {
      id: runId,
      judgeId: judge.id,
      projectId: project.id,
      promptVersion: judge.prompt_version,
      lanes: endpoint.maxConcurrency,
      items: items.length,
      createdById: options.actorId,
    });
    const settings = requestJobOptions();
    const offset = Math.floor(Math.random() * endpoint.maxConcurrency);
    const timeoutMs = env().GENERATION_TIMEOUT_SECONDS * 1000;
    const jobs = items.flatMap((itemId, i) =>
      ([0, 1] as const).map((swap) => {
        const data: JudgeJobData = { kind: "judge", runId, itemId, swap, endpointId: endpoint.id, timeoutMs };
        return {
          id: judgeBossJobId(runId, itemId, swap),
          name: laneQueue(endpoint.id, laneFor(i * 2 + swap, endpoint.maxConcurrency, offset)),
          data,
          ...settings,
        };
      }),
    );
    for (let start = 0; start < jobs.length; start += 5000) {
      await boss.insert(jobs.slice(start, start + 5000), { db: onClient(tx) });
    }
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "judge.run",
      entityType: "judge_run",
      entityId: runId,
      projectId: project.id,
      after: {
        judge: judge.name,
        model: judge.endpoint_name,
        promptVersion: judge.prompt_version,
        items: items.length,
      },
    });
    // Nothing to ask: the run is over at once (routing has nothing to route).
    if (items.length === 0) await finishRun(tx, runId);
  });
  return judgeRun(options.slug, options.name, runId);
}

async function runOfJudge(slug: string, name: string, id: string) {
  const project = await judgeProject(slug);
  const judge = await requireJudge(pool(), project.id, name);
  const run = isUuid(id) ? await selectRun(pool(), id) : null;
  if (!run || run.judge_id !== judge.id) throw new AppError("not_found", "No such judge run");
  return { project, judge, run };
}

export async function judgeRun(slug: string, name: string, id: string): Promise<JudgeRunView> {
  const { judge, run } = await runOfJudge(slug, name, id);
  return runView(pool(), run, judge.name);
}

export async function judgeRuns(slug: string, name: string): Promise<JudgeRunView[]> {
  const project = await judgeProject(slug);
  const judge = await requireJudge(pool(), project.id, name);
  return Promise.all((await selectRuns(pool(), judge.id, 20)).map((r) => runView(pool(), r, judge.name)));
}

const SAMPLE = z.coerce.number().int().min(1).max(200).catch(20);

/** The run with a sample of its items: both answers, raw text included (shown as text). */
export async function judgeRunDetail(slug: string, name: string, id: string, sample?: unknown) {
  const { judge, run } = await runOfJudge(slug, name, id);
  const items = await sampleRunItems(pool(), run.id, SAMPLE.parse(sample ?? 20));
  return {
    run: await runView(pool(), run, judge.name),
    items: items.map((i) => ({
      itemId: i.item_id,
      externalId: i.external_id,
      number: i.number,
      completions: i.completions,
      annotation: i.annotation,
      orders: i.verdicts.map((v) => ({
        swap: v.swap,
        displayOrder: v.display_order,
        ranking: v.ranking,
        unsure: v.unsure,
        rationale: v.rationale,
        raw: v.raw,
        parseError: v.parse_error,
        errorKind: v.error_kind,
        error: v.error,
        latencyMs: v.latency_ms,
        promptTokens: v.prompt_tokens,
        completionTokens: v.completion_tokens,
      })),
    })),
  };
}

/**
 * Cancels a queued or running run: its waiting pg-boss jobs are cancelled, and a worker that
 * already fetched one finds the run cancelled and drops it; answers in flight are kept.
 */
export async function cancelJudgeRun(options: { slug: string; name: string; id: string; actorId: string | null }) {
  const { project, judge, run } = await runOfJudge(options.slug, options.name, options.id);
  await inTransaction(async (tx) => {
    const locked = await selectRun(tx, run.id, { forUpdate: true });
    if (!locked || (locked.status !== "queued" && locked.status !== "running")) {
      throw new AppError("conflict", `the run has ended (${locked?.status ?? "removed"}): nothing to cancel`);
    }
    await setRunStatus(tx, run.id, "cancelled");
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "judge.cancel",
      entityType: "judge_run",
      entityId: run.id,
      projectId: project.id,
      after: { judge: judge.name, done: locked.done, items: locked.items },
    });
  });
  await cancelRunJobs(project.id, run.id, judge.endpoint_id);
  return judgeRun(options.slug, options.name, run.id);
}

/**
 * Cancels the waiting pg-boss jobs of a run's unanswered (item, order)s. Their ids are fixed
 * by (run, item, order), so no table of them is kept; they were dealt to the endpoint's lanes,
 * so each of the run's lanes is asked. A job fetched meanwhile is dropped by the worker,
 * which finds the run cancelled.
 */
async function cancelRunJobs(projectId: string, runId: string, endpointId: string): Promise<void> {
  const items = await runItemIds(pool(), projectId);
  const ids = items.flatMap((itemId) => [judgeBossJobId(runId, itemId, 0), judgeBossJobId(runId, itemId, 1)]);
  if (ids.length === 0) return;
  const lanes = (await selectRun(pool(), runId))?.lanes ?? 0;
  const boss = await generationBoss();
  for (let lane = 0; lane < lanes; lane += 1) {
    for (let start = 0; start < ids.length; start += 1000) {
      await boss.cancel(laneQueue(endpointId, lane), ids.slice(start, start + 1000));
    }
  }
}
