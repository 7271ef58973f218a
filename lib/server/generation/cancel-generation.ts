import "server-only";
import { laneQueue } from "@/lib/domain/generation/plan";
import { inTransaction, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { generationBoss } from "@/lib/server/generation/boss";
import { recordAudit } from "@/lib/server/audit-queries";
import { jobRow, markJobCancelled, pendingBossJobs } from "@/lib/server/generation/generation-queries";
import { generationJobView, type GenerationJobView } from "@/lib/server/generation/job-view";

/**
 * Cancels a queued or running job: no new request is sent (its waiting pg-boss jobs are
 * cancelled, and a worker that already fetched one finds the job cancelled and drops it);
 * requests in flight finish and are kept. Resume sends what is missing.
 */
export async function cancelGeneration(id: string, actorId: string | null): Promise<GenerationJobView> {
  await inTransaction(async (client) => {
    const job = await jobRow(client, id, { lock: true });
    if (!job) throw new AppError("not_found", "No such generation job");
    if (job.status !== "queued" && job.status !== "running") {
      throw new AppError("conflict", `the job has ended (${job.status}): nothing to cancel`);
    }
    await markJobCancelled(client, id);
    await recordAudit(client, {
      actorId,
      action: "generation.cancel",
      entityType: "generation_job",
      entityId: id,
      projectId: job.project_id,
      after: { pending: job.pending },
    });
  });
  await cancelBossJobs(id);
  return generationJobView(id);
}

/** Cancels the pg-boss jobs of a job's pending requests, lane by lane. */
export async function cancelBossJobs(jobId: string): Promise<void> {
  const pending = await pendingBossJobs(pool(), jobId);
  if (pending.length === 0) return;
  const byQueue = new Map<string, string[]>();
  for (const p of pending) {
    const queue = laneQueue(p.endpoint_id, p.lane);
    const list = byQueue.get(queue) ?? [];
    list.push(p.boss_job_id);
    byQueue.set(queue, list);
  }
  const boss = await generationBoss();
  for (const [queue, ids] of byQueue) {
    for (let start = 0; start < ids.length; start += 1000) await boss.cancel(queue, ids.slice(start, start + 1000));
  }
}
