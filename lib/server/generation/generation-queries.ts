import "server-only";
import { z } from "zod";
import { chatMessagesSchema, storedToolsSchema } from "@/lib/validation/stored-json";
import { pool } from "@/lib/server/db/client";
import { execute, type Queryable } from "@/lib/server/db/query";

// The raw SQL of generation jobs (docs/MODELS.md, "Generation jobs"): each statement's rows
// parsed here, so a renamed column fails loudly. Writes take the caller's client (a transaction).

type Db = Queryable;
const count = z.coerce.number().int().nonnegative();
const uuid = z.string().uuid();

export const jobRowSchema = z.object({
  id: uuid,
  project_id: uuid,
  status: z.enum(["queued", "running", "cancelled", "completed", "failed"]),
  endpoint_ids: z.array(uuid),
  endpoint_names: z.array(z.string()),
  lanes: z.array(z.number().int()),
  samples: z.number().int(),
  selection: z.string(),
  items: count,
  requests: count,
  pending: count,
  completions: count,
  failed: count,
  skipped: count,
  prompt_tokens: count,
  completion_tokens: count,
  error: z.string().nullable(),
  created_by_id: uuid.nullable(),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
});
export type JobRow = z.infer<typeof jobRowSchema>;

export async function jobRow(db: Db, id: string, options: { lock?: boolean } = {}): Promise<JobRow | null> {
  // Not a uuid: no such job (PostgreSQL would refuse the cast: a 500).
  if (!uuid.safeParse(id).success) return null;
  const { rows } = await db.query(`SELECT * FROM generation_jobs WHERE id = $1${options.lock ? " FOR UPDATE" : ""}`, [
    id,
  ]);
  return rows[0] ? jobRowSchema.parse(rows[0]) : null;
}

export async function projectJobRows(projectId: string, limit: number): Promise<JobRow[]> {
  const { rows } = await pool().query(
    "SELECT * FROM generation_jobs WHERE project_id = $1 ORDER BY created_at DESC LIMIT $2",
    [projectId, limit],
  );
  return z.array(jobRowSchema).parse(rows);
}

/** Items with every request of theirs finished (done, failed or skipped). */
export async function itemsDone(jobId: string): Promise<number> {
  const { rows } = await pool().query(
    `SELECT count(*)::int AS n FROM (
       SELECT item_id FROM generation_tasks WHERE job_id = $1
        GROUP BY item_id HAVING bool_and(status <> 'pending')) d`,
    [jobId],
  );
  return z.object({ n: count }).parse(rows[0]).n;
}

export const taskErrorSchema = z.object({
  item_id: uuid,
  external_id: z.string(),
  endpoint_name: z.string(),
  sample_index: z.number().int(),
  error_kind: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number().int(),
  updated_at: z.date(),
});

/** The requests that failed for good, newest first. */
export async function failedTasks(jobId: string, limit: number) {
  const { rows } = await pool().query(
    `SELECT t.item_id, i.external_id, coalesce(j.endpoint_names[array_position(j.endpoint_ids, t.endpoint_id)], '?') AS endpoint_name,
            t.sample_index, t.error_kind, t.error, t.attempts, t.updated_at
       FROM generation_tasks t
       JOIN items i ON i.id = t.item_id
       JOIN generation_jobs j ON j.id = t.job_id
      WHERE t.job_id = $1 AND t.status = 'failed'
      ORDER BY t.updated_at DESC
      LIMIT $2`,
    [jobId, limit],
  );
  return z.array(taskErrorSchema).parse(rows);
}

export const candidateSchema = z.object({
  id: uuid,
  external_id: z.string(),
  completions: count,
  keys: z.array(z.string()),
});
export type Candidate = z.infer<typeof candidateSchema>;

/**
 * A project's open items under `max` completions (labelers' rewrites do not count), with the
 * generation keys of those they have, in serving order; or, given `externalIds`, those items.
 */
export async function candidateItems(
  db: Db,
  projectId: string,
  max: number,
  externalIds: string[] | null,
): Promise<Candidate[]> {
  const { rows } = await db.query(
    `SELECT i.id, i.external_id, count(c.id)::int AS completions,
            coalesce(array_agg(g.generation_key) FILTER (WHERE g.generation_key IS NOT NULL), '{}') AS keys
       FROM items i
       LEFT JOIN completions c ON c.item_id = i.id AND c.position IS NOT NULL
       LEFT JOIN completion_generations g ON g.completion_id = c.id
      WHERE i.project_id = $1 AND i.status = 'open'
        AND ($3::text[] IS NULL OR i.external_id = ANY($3::text[]))
      GROUP BY i.id
     HAVING count(c.id) < $2
      ORDER BY i.priority DESC, i.seq`,
    [projectId, max, externalIds],
  );
  return z.array(candidateSchema).parse(rows);
}

/** Which of these external ids the project has no item for. */
export async function unknownExternalIds(projectId: string, externalIds: string[]): Promise<string[]> {
  const { rows } = await pool().query(
    `SELECT e FROM unnest($2::text[]) AS e
      WHERE NOT EXISTS (SELECT 1 FROM items i WHERE i.project_id = $1 AND i.external_id = e)`,
    [projectId, externalIds],
  );
  return z
    .array(z.object({ e: z.string() }))
    .parse(rows)
    .map((r) => r.e);
}

export interface NewTask {
  id: string;
  itemId: string;
  endpointId: string;
  sample: number;
  lane: number;
  bossJobId: string;
}

export async function insertTasks(client: Queryable, jobId: string, tasks: NewTask[]): Promise<void> {
  for (let start = 0; start < tasks.length; start += 5000) {
    const chunk = tasks.slice(start, start + 5000);
    await client.query(
      `INSERT INTO generation_tasks (id, job_id, item_id, endpoint_id, sample_index, lane, boss_job_id)
       SELECT u.id, $1::uuid, u.item_id, u.endpoint_id, u.sample, u.lane, u.boss_job_id
         FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::int[], $6::int[], $7::uuid[])
              AS u(id, item_id, endpoint_id, sample, lane, boss_job_id)`,
      [
        jobId,
        chunk.map((t) => t.id),
        chunk.map((t) => t.itemId),
        chunk.map((t) => t.endpointId),
        chunk.map((t) => t.sample),
        chunk.map((t) => t.lane),
        chunk.map((t) => t.bossJobId),
      ],
    );
  }
}

export const taskContextSchema = z.object({
  id: uuid,
  job_id: uuid,
  item_id: uuid,
  endpoint_id: uuid,
  sample_index: z.number().int(),
  status: z.enum(["pending", "done", "failed", "skipped"]),
  job_status: jobRowSchema.shape.status,
  endpoint_name: z.string().nullable(),
  messages: chatMessagesSchema,
  /** items.metadata.tools: sent with the request so that the model may call them. */
  tools: storedToolsSchema,
  key_exists: z.boolean(),
});
export type TaskContext = z.infer<typeof taskContextSchema>;

/** What a worker needs to send one request. */
export async function taskContext(taskId: string): Promise<TaskContext | null> {
  const { rows } = await pool().query(
    `SELECT t.id, t.job_id, t.item_id, t.endpoint_id, t.sample_index, t.status, j.status AS job_status,
            j.endpoint_names[array_position(j.endpoint_ids, t.endpoint_id)] AS endpoint_name, i.messages,
            i.metadata -> 'tools' AS tools,
            -- The generation key as lib/domain/generation/plan.ts's generationKey() writes it.
            EXISTS (SELECT 1 FROM completion_generations g
                     WHERE g.generation_key = t.item_id || ':' || t.endpoint_id || ':' || t.sample_index) AS key_exists
       FROM generation_tasks t
       JOIN generation_jobs j ON j.id = t.job_id
       JOIN items i ON i.id = t.item_id
      WHERE t.id = $1`,
    [taskId],
  );
  return rows[0] ? taskContextSchema.parse(rows[0]) : null;
}

/** The first request of a queued job has started: the job is running. */
export async function markJobRunning(jobId: string): Promise<void> {
  await pool().query(
    `UPDATE generation_jobs SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
      WHERE id = $1 AND status = 'queued'`,
    [jobId],
  );
}

/** A retry is scheduled: the attempt and its error stay visible on the request meanwhile. */
export async function noteAttempt(taskId: string, kind: string, error: string): Promise<void> {
  await pool().query(
    "UPDATE generation_tasks SET attempts = attempts + 1, error_kind = $2, error = $3, updated_at = now() WHERE id = $1",
    [taskId, kind, error],
  );
}

const finishedSchema = z.object({ status: jobRowSchema.shape.status, pending: count });

/**
 * Counts a request as finished on its job (in the caller's transaction, after the request's
 * row changed from pending). The last one ends the job: completed, or failed when nothing at
 * all was generated and something failed.
 */
export async function countFinished(
  client: Queryable,
  jobId: string,
  change: { completions?: number; failed?: number; skipped?: number; promptTokens?: number; completionTokens?: number },
): Promise<z.infer<typeof finishedSchema>> {
  const { rows } = await client.query(
    `UPDATE generation_jobs SET
        pending = pending - 1,
        completions = completions + $2, failed = failed + $3, skipped = skipped + $4,
        prompt_tokens = prompt_tokens + $5, completion_tokens = completion_tokens + $6,
        status = CASE WHEN pending - 1 > 0 OR status NOT IN ('queued', 'running') THEN status
                      WHEN completions + $2 = 0 AND failed + $3 > 0 THEN 'failed'::"GenerationStatus"
                      ELSE 'completed'::"GenerationStatus" END,
        error = CASE WHEN pending - 1 = 0 AND status IN ('queued', 'running') AND completions + $2 = 0 AND failed + $3 > 0
                     THEN 'every request failed: see the errors of its items' ELSE error END,
        finished_at = CASE WHEN pending - 1 = 0 AND status IN ('queued', 'running') THEN now() ELSE finished_at END,
        updated_at = now()
      WHERE id = $1
      RETURNING status, pending`,
    [
      jobId,
      change.completions ?? 0,
      change.failed ?? 0,
      change.skipped ?? 0,
      change.promptTokens ?? 0,
      change.completionTokens ?? 0,
    ],
  );
  return finishedSchema.parse(rows[0]);
}

/** Sets a pending request's outcome; false when it was no longer pending (someone else finished it). */
export async function finishTask(
  client: Queryable,
  taskId: string,
  outcome: { status: "done" | "failed" | "skipped"; completionId?: string; errorKind?: string; error?: string },
): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE generation_tasks
        SET status = $2::text::"GenerationTaskStatus", completion_id = $3, error_kind = $4, error = $5,
            attempts = attempts + CASE WHEN $2::text = 'skipped' THEN 0 ELSE 1 END, updated_at = now()
      WHERE id = $1 AND status = 'pending'`,
    [taskId, outcome.status, outcome.completionId ?? null, outcome.errorKind ?? null, outcome.error ?? null],
  );
  return rowCount === 1;
}

export interface GeneratedCompletion {
  taskId: string;
  completionId: string;
  text: string;
  /** What completions.model records: the endpoint's name (the leaderboard's "model"). */
  modelLabel: string;
  generationKey: string;
  endpointName: string;
  model: string;
  servedModel: string | null;
  params: Record<string, unknown>;
  finishReason: string | null;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
}

/**
 * Adds a generated completion and finishes its request, in one call of
 * rlhf_record_generation (prisma/sql/functions): under the item's lock, at the next position,
 * unless its generation key exists or the item is full ("skipped").
 */
export async function recordGeneration(c: GeneratedCompletion): Promise<"done" | "skipped" | "ignored"> {
  const { rows } = await pool().query(
    "SELECT rlhf_record_generation($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) AS outcome",
    [
      c.taskId,
      c.completionId,
      c.text,
      c.modelLabel,
      c.generationKey,
      c.endpointName,
      c.model,
      c.servedModel,
      JSON.stringify(c.params),
      c.finishReason,
      c.latencyMs,
      c.promptTokens,
      c.completionTokens,
    ],
  );
  return z.object({ outcome: z.enum(["done", "skipped", "ignored"]) }).parse(rows[0]).outcome;
}

/** Whether the endpoint has produced anything in this job (the "endpoint down" rule). */
export async function endpointSucceededInJob(client: Db, jobId: string, endpointId: string): Promise<boolean> {
  const { rows } = await client.query(
    "SELECT 1 FROM generation_tasks WHERE job_id = $1 AND endpoint_id = $2 AND status = 'done' LIMIT 1",
    [jobId, endpointId],
  );
  return rows.length > 0;
}

/** Ends a running job as failed (the reason shown to admins); false when it had ended already. */
export async function failJob(client: Db, jobId: string, reason: string): Promise<boolean> {
  const { rowCount } = await client.query(
    `UPDATE generation_jobs SET status = 'failed', error = $2, finished_at = now(), updated_at = now()
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [jobId, reason],
  );
  return rowCount === 1;
}

export const pendingBossJobSchema = z.object({ endpoint_id: uuid, lane: z.number().int(), boss_job_id: uuid });

/** The pg-boss jobs of a job's pending requests (to cancel them). */
export async function pendingBossJobs(db: Db, jobId: string) {
  const { rows } = await db.query(
    `SELECT endpoint_id, lane, boss_job_id FROM generation_tasks
      WHERE job_id = $1 AND status = 'pending' AND boss_job_id IS NOT NULL`,
    [jobId],
  );
  return z.array(pendingBossJobSchema).parse(rows);
}

/** The lanes the worker processes should serve: per endpoint, the most any live job uses. */
export async function wantedLanes(): Promise<Map<string, number>> {
  const { rows } = await pool().query(
    `SELECT endpoint_id, max(lanes)::int AS lanes FROM (
       SELECT e.endpoint_id, e.lanes
         FROM generation_jobs j, unnest(j.endpoint_ids, j.lanes) AS e(endpoint_id, lanes)
        WHERE j.status IN ('queued', 'running')
       UNION ALL
       -- Judge runs (docs/JUDGES.md) use their endpoint's lanes too, while items are left to ask.
       SELECT jd.endpoint_id, r.lanes
         FROM judge_runs r JOIN judges jd ON jd.id = r.judge_id
        WHERE r.status IN ('queued', 'running') AND r.done < r.items
     ) live
      GROUP BY endpoint_id`,
  );
  const parsed = z.array(z.object({ endpoint_id: uuid, lanes: z.number().int().positive() })).parse(rows);
  return new Map(parsed.map((r) => [r.endpoint_id, r.lanes]));
}

/** Requests to run again on resume: those pending or failed (finished ones stay). */
export async function requeueableTasks(client: Queryable, jobId: string) {
  const { rows } = await client.query(
    `SELECT id, item_id, endpoint_id, sample_index, status FROM generation_tasks
      WHERE job_id = $1 AND status IN ('pending', 'failed') ORDER BY item_id, sample_index
      FOR UPDATE`,
    [jobId],
  );
  return z
    .array(
      z.object({
        id: uuid,
        item_id: uuid,
        endpoint_id: uuid,
        sample_index: z.number().int(),
        status: z.enum(["pending", "failed"]),
      }),
    )
    .parse(rows);
}

/**
 * Whether any lane of these endpoints has a request in flight (pg-boss's job table): a job
 * still queued while they are busy waits its turn; queued while they are idle, no worker runs.
 */
export async function endpointsBusy(endpointIds: string[]): Promise<boolean> {
  const { rows } = await pool().query(
    `SELECT 1 FROM pgboss.job
      WHERE state = 'active' AND name LIKE 'generate.%'
        AND split_part(name, '.', 2) = ANY($1::text[])
      LIMIT 1`,
    [endpointIds],
  );
  return rows.length > 0;
}

export interface NewJob {
  id: string;
  projectId: string;
  endpoints: { id: string; name: string; lanes: number }[];
  samples: number;
  selection: "missing" | "list";
  items: number;
  requests: number;
  createdById: string | null;
}

/** A new job: queued, or completed at once when it has no requests. */
export async function insertJob(tx: Queryable, job: NewJob): Promise<void> {
  const empty = job.requests === 0;
  await execute(
    tx,
    `INSERT INTO generation_jobs (id, project_id, status, endpoint_ids, endpoint_names, lanes, samples, selection,
                                  items, requests, pending, created_by_id, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, CASE WHEN $10 = 0 THEN now() END)`,
    [
      job.id,
      job.projectId,
      empty ? "completed" : "queued",
      job.endpoints.map((e) => e.id),
      job.endpoints.map((e) => e.name),
      job.endpoints.map((e) => e.lanes),
      job.samples,
      job.selection,
      job.items,
      job.requests,
      job.createdById,
    ],
  );
}

export async function markJobCancelled(tx: Queryable, id: string): Promise<void> {
  await execute(
    tx,
    "UPDATE generation_jobs SET status = 'cancelled', finished_at = now(), updated_at = now() WHERE id = $1",
    [id],
  );
}

/** Resume: these requests pending again, on new lanes and pg-boss jobs, their errors cleared. */
export async function requeueTasks(tx: Queryable, tasks: { id: string; lane: number; bossJobId: string }[]) {
  await execute(
    tx,
    `UPDATE generation_tasks t
        SET status = 'pending', lane = u.lane, boss_job_id = u.boss_job_id, error = NULL, error_kind = NULL,
            attempts = 0, updated_at = now()
       FROM unnest($1::uuid[], $2::int[], $3::uuid[]) AS u(id, lane, boss_job_id)
      WHERE t.id = u.id`,
    [tasks.map((t) => t.id), tasks.map((t) => t.lane), tasks.map((t) => t.bossJobId)],
  );
}

/** Resume: the job queued again with `pending` requests, `failedAgain` of them failed before. */
export async function requeueJob(
  tx: Queryable,
  id: string,
  counts: { pending: number; failedAgain: number; lanes: number[] },
): Promise<void> {
  await execute(
    tx,
    `UPDATE generation_jobs
        SET status = 'queued', error = NULL, finished_at = NULL, failed = failed - $2, pending = $3,
            lanes = $4, updated_at = now()
      WHERE id = $1`,
    [id, counts.failedAgain, counts.pending, counts.lanes],
  );
}
