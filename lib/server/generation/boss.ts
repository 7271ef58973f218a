import "server-only";
import PgBoss from "pg-boss";
import type pg from "pg";
import { laneQueue } from "@/lib/domain/generation/plan";
import { pool } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";

// pg-boss (10.4.2: 11+ needs Node 22) runs generation requests (docs/DEVELOPMENT.md, "Jobs").
// Its tables live in the schema "pgboss" of our own database, which pg-boss creates and
// migrates itself on start. It talks through our pool, and through a caller's transaction
// when given `db: onClient(client)`: a job is queued in the same commit as its records.

/** Where a request goes when pg-boss gives up on it (its worker died too often). */
export const DEAD_QUEUE = "generate.dead";

const globalForBoss = globalThis as unknown as { generationBoss?: Promise<PgBoss>; generationQueues?: Set<string> };

/** pg-boss's database interface over one client (a transaction) or the pool. */
export function onClient(client: pg.Pool | pg.PoolClient): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await client.query(text, values);
      return { rows: result.rows };
    },
  };
}

/**
 * This process's pg-boss, started once. Only the worker process supervises (expires the jobs
 * of dead workers, archives finished ones): the web process queues and cancels jobs only.
 */
export function generationBoss(options: { supervise?: boolean } = {}): Promise<PgBoss> {
  globalForBoss.generationBoss ??= (async () => {
    const boss = new PgBoss({
      db: onClient(pool()),
      schema: "pgboss",
      supervise: options.supervise ?? false,
      schedule: false,
      migrate: true,
      maintenanceIntervalSeconds: env().GENERATION_MAINTENANCE_SECONDS,
      // Finished jobs leave the queue tables quickly: our own tables keep the record.
      archiveCompletedAfterSeconds: 60,
      archiveFailedAfterSeconds: 3600,
      deleteAfterDays: 7,
    });
    boss.on("error", (error: Error) => console.warn(`pg-boss: ${error.message}`));
    await boss.start();
    await boss.createQueue(DEAD_QUEUE, { name: DEAD_QUEUE, policy: "standard" });
    return boss;
  })().catch((error: unknown) => {
    globalForBoss.generationBoss = undefined;
    throw error;
  });
  return globalForBoss.generationBoss;
}

/** Stops this process's pg-boss (the worker on shutdown, tests). */
export async function stopGenerationBoss(): Promise<void> {
  const started = globalForBoss.generationBoss;
  globalForBoss.generationBoss = undefined;
  globalForBoss.generationQueues = undefined;
  if (started) await (await started).stop({ graceful: false, close: false, wait: true }).catch(() => {});
}

/**
 * Creates the lane queues of an endpoint that do not exist yet. Each lane is a pg-boss queue
 * with the "singleton" policy: at most one of its jobs is active at a time, in all worker
 * processes together, so C lanes cap an endpoint at C requests in flight.
 */
export async function ensureLaneQueues(boss: PgBoss, endpointId: string, lanes: number): Promise<void> {
  const known = (globalForBoss.generationQueues ??= new Set());
  for (let lane = 0; lane < lanes; lane += 1) {
    const name = laneQueue(endpointId, lane);
    if (known.has(name)) continue;
    await boss.createQueue(name, { name, policy: "singleton", deadLetter: DEAD_QUEUE });
    known.add(name);
  }
}

/** How much longer than its request's timeout a job may stay active before maintenance takes it back. */
export const EXPIRY_MARGIN_MS = 5000;

/** The per-job settings of a request (read when it is queued, so a resume uses today's). */
export function requestJobOptions() {
  const { GENERATION_TIMEOUT_SECONDS, GENERATION_RETRY_LIMIT, GENERATION_RETRY_DELAY_SECONDS } = env();
  return {
    retryLimit: GENERATION_RETRY_LIMIT,
    retryDelay: GENERATION_RETRY_DELAY_SECONDS,
    retryBackoff: true,
    // A worker killed mid-request: its job is active until it expires, then maintenance hands
    // it to another worker. The request's own timeout, plus room for our database writes.
    expireInSeconds: GENERATION_TIMEOUT_SECONDS + EXPIRY_MARGIN_MS / 1000,
    deadLetter: DEAD_QUEUE,
  };
}
