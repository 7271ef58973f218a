// Generation jobs as the project page's card reads them from the API (GET /api/generations/{id},
// GET /api/projects/{slug}/generations, GET /api/models). Pure: no DOM, no React.
import { z } from "zod";
import { formatDuration } from "@/lib/domain/generation/progress";

const count = z.number().int().nonnegative();

export const jobSchema = z.object({
  id: z.string(),
  status: z.enum(["queued", "running", "cancelled", "completed", "failed"]),
  items: count,
  itemsDone: count,
  requests: count,
  completions: count,
  failed: count,
  skipped: count,
  pending: count,
  promptTokens: count,
  completionTokens: count,
  models: z.array(z.object({ id: z.string(), name: z.string() })),
  samples: count,
  error: z.string().nullable(),
  etaSeconds: z.number().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type JobView = z.infer<typeof jobSchema>;

export const jobErrorSchema = z.object({
  externalId: z.string(),
  model: z.string(),
  sample: count,
  kind: z.string().nullable(),
  error: z.string().nullable(),
  attempts: count,
});
export type JobError = z.infer<typeof jobErrorSchema>;

export const endpointOptionSchema = z.object({ id: z.string(), name: z.string(), model: z.string() });
export type EndpointOption = z.infer<typeof endpointOptionSchema>;

export const isLive = (job: Pick<JobView, "status">) => job.status === "queued" || job.status === "running";

/** Share of items with every request finished, 0-100 (a job with no items is done). */
export function percentDone(job: Pick<JobView, "items" | "itemsDone">): number {
  return job.items === 0 ? 100 : Math.round((job.itemsDone / job.items) * 100);
}

/** "12/40 items · 24 completions · 1,200 tokens · 2 errors · about 1 min left" */
export function progressSummary(job: JobView): string {
  const parts = [
    `${job.itemsDone.toLocaleString("en")}/${job.items.toLocaleString("en")} items`,
    `${job.completions.toLocaleString("en")} completions`,
    `${(job.promptTokens + job.completionTokens).toLocaleString("en")} tokens`,
    `${job.failed.toLocaleString("en")} error${job.failed === 1 ? "" : "s"}`,
  ];
  if (isLive(job) && job.etaSeconds !== null && job.etaSeconds > 0) {
    parts.push(`about ${formatDuration(job.etaSeconds)} left`);
  }
  return parts.join(" · ");
}

/** The API's error message, or a generic one. */
export function errorMessage(body: unknown, fallback: string): string {
  const parsed = z.object({ error: z.object({ message: z.string() }) }).safeParse(body);
  return parsed.success ? parsed.data.error.message : fallback;
}
