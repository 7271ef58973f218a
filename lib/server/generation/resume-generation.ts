import "server-only";
import { randomUUID } from "node:crypto";
import { laneFor } from "@/lib/domain/generation/plan";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { ensureLaneQueues, generationBoss } from "@/lib/server/generation/boss";
import { recordAudit } from "@/lib/server/audit-queries";
import { jobRow, requeueableTasks, requeueJob, requeueTasks } from "@/lib/server/generation/generation-queries";
import { generationJobView, type GenerationJobView } from "@/lib/server/generation/job-view";
import { findEndpointRow } from "@/lib/server/models/model-endpoint-record";
import { queueRequests } from "@/lib/server/generation/start-generation";

/**
 * Resumes an ended job (cancelled, failed, or completed with failures): its requests still
 * pending or failed are queued again, on the endpoints' lanes as they are configured now.
 * Requests whose completion exists by then are skipped when they run (their key exists).
 */
export async function resumeGeneration(id: string, actorId: string | null): Promise<GenerationJobView> {
  const before = await jobRow(pool(), id);
  if (!before) throw new AppError("not_found", "No such generation job");
  const lanes = new Map<string, number>();
  for (const endpointId of before.endpoint_ids) {
    try {
      lanes.set(endpointId, (await findEndpointRow({ id: endpointId })).maxConcurrency);
    } catch {
      // A removed endpoint: its requests run (and fail with "the endpoint was removed") on one lane.
      lanes.set(endpointId, 1);
    }
  }
  const boss = await generationBoss();
  for (const [endpointId, n] of lanes) await ensureLaneQueues(boss, endpointId, n);
  await inTransaction(async (client) => {
    // Requests first, then the job: the order in which a worker recording a late answer
    // (rlhf_record_generation) takes them, so the two never wait for each other in a circle.
    const tasks = await requeueableTasks(client, id);
    const job = await jobRow(client, id, { lock: true });
    if (!job) throw new AppError("not_found", "No such generation job");
    if (job.status === "queued" || job.status === "running") {
      throw new AppError("conflict", `the job is ${job.status}: nothing to resume`);
    }
    if (tasks.length === 0) throw new AppError("conflict", "the job has nothing left to do");
    const dealt = new Map<string, number>();
    const requeued = tasks.map((t) => {
      const n = dealt.get(t.endpoint_id) ?? 0;
      dealt.set(t.endpoint_id, n + 1);
      return {
        id: t.id,
        endpointId: t.endpoint_id,
        lane: laneFor(n, lanes.get(t.endpoint_id) ?? 1),
        bossJobId: randomUUID(),
      };
    });
    await requeueTasks(client, requeued);
    await requeueJob(client, id, {
      pending: tasks.length,
      failedAgain: tasks.filter((t) => t.status === "failed").length,
      lanes: job.endpoint_ids.map((e) => lanes.get(e) ?? 1),
    });
    await queueRequests(boss, client, id, requeued);
    await recordAudit(client, {
      actorId,
      action: "generation.resume",
      entityType: "generation_job",
      entityId: id,
      projectId: job.project_id,
      after: { requests: tasks.length },
    });
  });
  return generationJobView(id);
}
