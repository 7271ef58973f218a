import "server-only";
import { randomUUID } from "node:crypto";
import type PgBoss from "pg-boss";
import type pg from "pg";
import type { ModelEndpoint } from "@/lib/generated/prisma/client";
import { laneFor, laneQueue, planItemRequests } from "@/lib/domain/generation/plan";
import { startGenerationSchema, type StartGenerationInput } from "@/lib/validation/generation";
import { inTransaction } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { ensureLaneQueues, generationBoss, onClient, requestJobOptions } from "@/lib/server/generation/boss";
import { env } from "@/lib/server/env";
import { recordAudit } from "@/lib/server/audit-queries";
import {
  candidateItems,
  insertJob,
  insertTasks,
  unknownExternalIds,
  type NewTask,
} from "@/lib/server/generation/generation-queries";
import { generationJobView, type GenerationJobView } from "@/lib/server/generation/job-view";
import { connectionFor } from "@/lib/server/models/endpoint-client";
import { findEndpointRow } from "@/lib/server/models/model-endpoint-record";
import { requireProject } from "@/lib/server/projects/require-project";

/** Requests one job may make (items × endpoints × samples): a larger one is refused. */
export const MAX_JOB_REQUESTS = 200_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function resolveEndpoints(models: string[]): Promise<ModelEndpoint[]> {
  const rows: ModelEndpoint[] = [];
  for (const ref of models) {
    try {
      const row = await findEndpointRow(UUID.test(ref) ? { id: ref } : { name: ref });
      // The key must be usable now (not after a thousand failed requests).
      connectionFor(row);
      if (rows.some((r) => r.id === row.id)) throw new AppError("bad_request", `model ${ref} is listed twice`);
      rows.push(row);
    } catch (error) {
      if (error instanceof AppError && error.code === "not_found") {
        throw new AppError("bad_request", `no model endpoint named ${ref} (see model list)`);
      }
      throw error;
    }
  }
  return rows;
}

/**
 * Starts a generation job: plans its requests (every endpoint × sample an item lacks, up to
 * the project's maximum completions per item), records them and queues one pg-boss job each,
 * all in one transaction. Nothing to do (a re-run of a finished request): a job that is
 * completed at once with no requests.
 */
export async function startGeneration(options: {
  slug: string;
  input: StartGenerationInput;
  actorId: string | null;
}): Promise<GenerationJobView> {
  const input = startGenerationSchema.parse(options.input);
  const project = await requireProject(options.slug);
  if (project.status === "archived") throw new AppError("conflict", "the project is archived");
  if (project.kind === "conversation") {
    throw new AppError(
      "bad_request",
      "a conversation project's replies are generated live at each turn: set its models with project set --models",
    );
  }
  const endpoints = await resolveEndpoints(input.models);
  if (input.items) {
    const unknown = await unknownExternalIds(project.id, input.items);
    if (unknown.length > 0) {
      throw new AppError(
        "bad_request",
        `no item with id ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ""} in this project`,
      );
    }
  }
  const boss = await generationBoss();
  for (const endpoint of endpoints) await ensureLaneQueues(boss, endpoint.id, endpoint.maxConcurrency);

  const jobId = randomUUID();
  await inTransaction(async (client) => {
    const candidates = await candidateItems(client, project.id, project.maxCompletions, input.items ?? null);
    const tasks: NewTask[] = [];
    const itemIds = new Set<string>();
    const dealt = new Map<string, number>();
    const offsets = new Map(endpoints.map((e) => [e.id, Math.floor(Math.random() * e.maxConcurrency)]));
    for (const item of candidates) {
      const planned = planItemRequests({
        itemId: item.id,
        completions: item.completions,
        existingKeys: new Set(item.keys),
        maxCompletions: project.maxCompletions,
        endpointIds: endpoints.map((e) => e.id),
        samples: input.samples,
      });
      for (const request of planned) {
        const endpoint = endpoints.find((e) => e.id === request.endpointId)!;
        const n = dealt.get(endpoint.id) ?? 0;
        dealt.set(endpoint.id, n + 1);
        tasks.push({
          id: randomUUID(),
          itemId: item.id,
          endpointId: endpoint.id,
          sample: request.sample,
          lane: laneFor(n, endpoint.maxConcurrency, offsets.get(endpoint.id)),
          bossJobId: randomUUID(),
        });
        itemIds.add(item.id);
      }
      if (tasks.length > MAX_JOB_REQUESTS) {
        throw new AppError(
          "bad_request",
          `the job would make more than ${MAX_JOB_REQUESTS} requests: give fewer models or samples, or a list of items`,
        );
      }
    }
    await insertJob(client, {
      id: jobId,
      projectId: project.id,
      endpoints: endpoints.map((e) => ({ id: e.id, name: e.name, lanes: e.maxConcurrency })),
      samples: input.samples,
      selection: input.items ? "list" : "missing",
      items: itemIds.size,
      requests: tasks.length,
      createdById: options.actorId,
    });
    await insertTasks(client, jobId, tasks);
    await queueRequests(boss, client, jobId, tasks);
    await recordAudit(client, {
      actorId: options.actorId,
      action: "generation.start",
      entityType: "generation_job",
      entityId: jobId,
      projectId: project.id,
      after: {
        models: endpoints.map((e) => e.name),
        samples: input.samples,
        selection: input.items ? "list" : "missing",
        items: itemIds.size,
        requests: tasks.length,
      },
    });
  });
  return generationJobView(jobId);
}

/** Queues one pg-boss job per request on its lane, in the caller's transaction. */
export async function queueRequests(
  boss: PgBoss,
  client: pg.PoolClient,
  jobId: string,
  tasks: Pick<NewTask, "id" | "endpointId" | "lane" | "bossJobId">[],
): Promise<void> {
  const settings = requestJobOptions();
  const jobs = tasks.map((t) => ({
    id: t.bossJobId,
    name: laneQueue(t.endpointId, t.lane),
    // The timeout goes with the request, like its retry settings: a worker started with other
    // settings still applies those of the process that queued it.
    data: { taskId: t.id, jobId, timeoutMs: env().GENERATION_TIMEOUT_SECONDS * 1000 },
    ...settings,
  }));
  for (let start = 0; start < jobs.length; start += 5000) {
    await boss.insert(jobs.slice(start, start + 5000), { db: onClient(client) });
  }
}
