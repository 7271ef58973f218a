import "server-only";
import { etaSeconds } from "@/lib/domain/generation/progress";
import { AppError } from "@/lib/server/errors";
import { pool } from "@/lib/server/db/client";
import {
  failedTasks,
  itemsDone,
  jobRow,
  projectJobRows,
  type JobRow,
} from "@/lib/server/generation/generation-queries";
import { requireProject } from "@/lib/server/projects/require-project";

/** A generation job as the API, the CLI and the project page show it. */
export interface GenerationJobView {
  id: string;
  status: JobRow["status"];
  /** Items the job generates for, and those with every request finished. */
  items: number;
  itemsDone: number;
  /** Requests in all (items × endpoints × samples, less what existed), and their outcomes. */
  requests: number;
  completions: number;
  failed: number;
  skipped: number;
  pending: number;
  promptTokens: number;
  completionTokens: number;
  models: { id: string; name: string }[];
  samples: number;
  selection: string;
  error: string | null;
  /** Seconds left at the rate so far; null before there is a rate. */
  etaSeconds: number | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export function toJobView(row: JobRow, done: number, now = new Date()): GenerationJobView {
  const finished = row.requests - row.pending;
  const live = row.status === "queued" || row.status === "running";
  return {
    id: row.id,
    status: row.status,
    items: row.items,
    itemsDone: done,
    requests: row.requests,
    completions: row.completions,
    failed: row.failed,
    skipped: row.skipped,
    pending: row.pending,
    promptTokens: row.prompt_tokens,
    completionTokens: row.completion_tokens,
    models: row.endpoint_ids.map((id, i) => ({ id, name: row.endpoint_names[i] ?? id })),
    samples: row.samples,
    selection: row.selection,
    error: row.error,
    etaSeconds: live ? etaSeconds({ requests: row.requests, finished, startedAt: row.started_at, now }) : null,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export async function generationJobView(id: string): Promise<GenerationJobView> {
  const row = await jobRow(pool(), id);
  if (!row) throw new AppError("not_found", "No such generation job");
  return toJobView(row, await itemsDone(id));
}

/** The job with the errors of its items (the newest `limit`). */
export async function generationJobDetail(id: string, limit = 50) {
  const job = await generationJobView(id);
  const errors = (await failedTasks(id, limit)).map((t) => ({
    itemId: t.item_id,
    externalId: t.external_id,
    model: t.endpoint_name,
    sample: t.sample_index,
    kind: t.error_kind,
    error: t.error,
    attempts: t.attempts,
    at: t.updated_at,
  }));
  return { job, errors };
}

/** A project's recent jobs, newest first. */
export async function projectGenerationJobs(slug: string, limit = 10): Promise<GenerationJobView[]> {
  const project = await requireProject(slug);
  const rows = await projectJobRows(project.id, limit);
  return Promise.all(rows.map(async (row) => toJobView(row, await itemsDone(row.id))));
}
