import "server-only";
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { laneQueue } from "@/lib/domain/generation/plan";
import { DEAD_QUEUE, generationBoss, stopGenerationBoss } from "@/lib/server/generation/boss";
import { wantedLanes } from "@/lib/server/generation/generation-queries";
import { acquireRequestSlot, returnToken } from "@/lib/server/generation/pacing";
import { isJudgeJob } from "@/lib/server/judges/judge-jobs";
import { abandonJudgeRequest, runJudgeRequest } from "@/lib/server/judges/run-judge-request";
import {
  abandonRequest,
  cachedConnection,
  RetryLater,
  runGenerationRequest,
  type RequestOutcome,
} from "@/lib/server/generation/run-request";

// The generation worker (`npm run worker`, and the child `npm start` runs): for every endpoint
// that live jobs use, one loop per lane. A lane loop takes its endpoint's pacing token, fetches
// the next job of its lane queue from pg-boss (the singleton policy: one active job per lane
// across all processes; a fetch that would make a second one gets nothing), runs the request
// and completes the job, or fails it so that pg-boss retries it after its backoff. Lanes are
// fetched by our own loop rather than boss.work(), whose polling waits its interval between
// jobs even when more are queued (2 per second per lane at most: too slow for 200 ms requests).

export interface WorkerOptions {
  /** How often live jobs are looked for (new lanes start, finished ones stop). */
  discoverMs?: number;
  /** How long an idle lane waits before fetching again. */
  idleMs?: number;
  log?: (line: string) => void;
}

export interface GenerationWorker {
  /** Requests by outcome since the start (the bench reads them). */
  counts: Record<RequestOutcome | "retried" | "errors", number>;
  /** Lanes running in this process. */
  lanes(): number;
  /** Stops fetching, lets requests in flight finish (up to `graceMs`), then stops pg-boss. */
  stop(graceMs?: number): Promise<void>;
}

export async function startGenerationWorker(options: WorkerOptions = {}): Promise<GenerationWorker> {
  const discoverMs = options.discoverMs ?? 1000;
  const idleMs = options.idleMs ?? 250;
  const log = options.log ?? ((line: string) => console.log(line));
  const boss = await generationBoss({ supervise: true });
  const abort = new AbortController();
  // Every idle lane naps on this signal at once: dozens of listeners are expected, not a leak.
  setMaxListeners(0, abort.signal);
  const running = new Map<string, Promise<void>>();
  let wanted = new Map<string, number>();
  const counts: GenerationWorker["counts"] = {
    done: 0,
    failed: 0,
    skipped: 0,
    ignored: 0,
    job_failed: 0,
    retried: 0,
    errors: 0,
  };
  const nap = (ms: number) => sleep(ms, undefined, { signal: abort.signal }).catch(() => {});

  async function rpmOf(endpointId: string): Promise<number | null> {
    try {
      return (await cachedConnection(endpointId))?.endpoint.requestsPerMinute ?? null;
    } catch {
      return null; // a key problem: the request itself records it
    }
  }

  async function lane(endpointId: string, index: number): Promise<void> {
    const queue = laneQueue(endpointId, index);
    while (!abort.signal.aborted && (wanted.get(endpointId) ?? 0) > index) {
      try {
        const rpm = await rpmOf(endpointId);
        if (!(await acquireRequestSlot(endpointId, rpm, abort.signal))) break;
        // A generation request, or a judge's (lib/server/judges/judge-jobs.ts): both share the lanes.
        const [job] = await boss.fetch<{ taskId: string; timeoutMs?: number }>(queue, { includeMetadata: true });
        if (!job) {
          await returnToken(endpointId, rpm);
          await nap(idleMs);
          continue;
        }
        try {
          const attempt = { retryCount: job.retryCount, retryLimit: job.retryLimit, timeoutMs: job.data.timeoutMs };
          const data: unknown = job.data;
          const outcome = isJudgeJob(data)
            ? await runJudgeRequest(data, attempt)
            : await runGenerationRequest(job.data.taskId, attempt);
          counts[outcome] += 1;
          await boss.complete(queue, job.id);
        } catch (error) {
          if (error instanceof RetryLater) counts.retried += 1;
          else {
            counts.errors += 1;
            log(`generation: request ${job.data.taskId} failed: ${(error as Error).message}`);
          }
          await boss.fail(queue, job.id, { message: (error as Error).message });
        }
      } catch (error) {
        // The database went away, or the like: wait, then carry on.
        counts.errors += 1;
        log(`generation: lane ${queue}: ${(error as Error).message}`);
        await nap(1000);
      }
    }
  }

  async function discover(): Promise<void> {
    wanted = await wantedLanes();
    for (const [endpointId, lanes] of wanted) {
      for (let index = 0; index < lanes; index += 1) {
        const queue = laneQueue(endpointId, index);
        if (running.has(queue)) continue;
        running.set(
          queue,
          lane(endpointId, index).finally(() => running.delete(queue)),
        );
      }
    }
    // Requests pg-boss gave up on (their workers kept dying): recorded as failed.
    const dead = await boss.fetch<{ taskId: string }>(DEAD_QUEUE, { batchSize: 50 });
    for (const job of dead) {
      const data: unknown = job.data;
      if (isJudgeJob(data)) await abandonJudgeRequest(data);
      else await abandonRequest(job.data.taskId);
      await boss.complete(DEAD_QUEUE, job.id);
    }
  }

  const loop = (async () => {
    while (!abort.signal.aborted) {
      try {
        await discover();
      } catch (error) {
        log(`generation: ${(error as Error).message}`);
      }
      await nap(discoverMs);
    }
  })();

  return {
    counts,
    lanes: () => running.size,
    async stop(graceMs = 30_000) {
      abort.abort();
      await loop;
      await Promise.race([Promise.allSettled([...running.values()]), sleep(graceMs)]);
      await stopGenerationBoss();
    },
  };
}
