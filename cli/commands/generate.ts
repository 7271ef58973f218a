// generate, generation show | list: completions from model endpoints (docs/MODELS.md,
// "Generation jobs"). A worker (`npm run worker`, or the one `npm start` runs) sends the requests.
import { setTimeout as sleep } from "node:timers/promises";
import { UsageError } from "@/cli/args";
import { defineCommand } from "@/cli/command";
import { RefusedError, showsProgress } from "@/cli/io";
import { formatDuration } from "@/lib/domain/generation/progress";
import { splitModels, startGenerationSchema } from "@/lib/validation/generation";
import type { GenerationJobView } from "@/lib/server/generation/job-view";

/** With --wait: a job no worker has started after this long is reported (exit 2). */
const PICKUP_SECONDS = 10;
const POLL_MS = 500;

function progressLine(job: GenerationJobView): string {
  const eta = job.etaSeconds === null ? "" : `, about ${formatDuration(job.etaSeconds)} left`;
  return (
    `${job.status}: ${job.itemsDone}/${job.items} items, ${job.completions} completions, ${job.failed} errors, ` +
    `${job.promptTokens + job.completionTokens} tokens${eta}`
  );
}

/** Follows a job to its end, progress on stderr; exit 1 when it failed or was cancelled, 2 when no worker runs. */
async function waitForJob(id: string): Promise<{ job: GenerationJobView }> {
  const { generationJobView } = await import("@/lib/server/generation/job-view");
  const { endpointsBusy } = await import("@/lib/server/generation/generation-queries");
  const tty = showsProgress();
  const started = Date.now();
  let last = "";
  let lastWritten = 0;
  for (;;) {
    const job = await generationJobView(id);
    const line = progressLine(job);
    // A terminal gets one line redrawn; a pipe or a log gets a line when it changes, at most every 2 s.
    if (tty) process.stderr.write(`\r\x1b[K${line}`);
    else if (line !== last && Date.now() - lastWritten >= 2000) {
      process.stderr.write(`${line}\n`);
      lastWritten = Date.now();
    }
    last = line;
    if (job.status !== "queued" && job.status !== "running") {
      if (tty) process.stderr.write("\n");
      if (job.status === "completed") return { job };
      throw new RefusedError(
        job.status === "failed" ? `the job failed: ${job.error ?? "see generation show"}` : "the job was cancelled",
        { job },
      );
    }
    if (
      job.status === "queued" &&
      Date.now() - started >= PICKUP_SECONDS * 1000 &&
      !(await endpointsBusy(job.models.map((m) => m.id)))
    ) {
      if (tty) process.stderr.write("\n");
      throw new RefusedError(
        `no worker picked the job up within ${PICKUP_SECONDS} s: start one with \`npm run worker\` (\`npm start\` runs one unless WORKERS=0). The job stays queued and runs when a worker starts.`,
        { job },
        2,
      );
    }
    await sleep(POLL_MS);
  }
}

export const generateCommand = defineCommand({
  name: "generate",
  summary:
    'Generates completions for a project\'s items (those under its maximum, or --items) from endpoints × samples, or cancels or resumes a job. Prints {"job": {"id", "status", "items", "completions", "failed", "promptTokens", "completionTokens", ...}}. With --wait: progress on stderr until the job ends; exit 1 if it failed, 2 if no worker picks it up within 10 s.',
  options: {
    project: { type: "string", value: "S", help: "the project's slug" },
    models: { type: "string", value: "a,b", help: "endpoint names (model list), comma-separated" },
    samples: { type: "string", value: "N", help: "completions per endpoint and item, 1 to 9 (default 1)" },
    items: { type: "string", value: "ID,ID", help: "only these items (their external ids)" },
    wait: { type: "boolean", help: "follow the job until it ends" },
    cancel: { type: "string", value: "ID", help: "cancel this job: no new requests are sent" },
    resume: { type: "string", value: "ID", help: "send this job's missing requests again" },
  },
  forms: [["project", "models", "samples", "items", "wait"], ["cancel"], ["resume", "wait"]],
  async run(o) {
    const control = [o.cancel, o.resume].filter((v) => v !== undefined).length;
    const starting = o.project !== undefined || o.models !== undefined;
    if (control > 1 || (control === 1 && (starting || o.samples !== undefined || o.items !== undefined))) {
      throw new UsageError("give --project and --models, or --cancel ID, or --resume ID");
    }
    if (o.cancel !== undefined) {
      if (o.wait) throw new UsageError("--wait goes with a new job or --resume");
      const { cancelGeneration } = await import("@/lib/server/generation/cancel-generation");
      return { job: await cancelGeneration(o.cancel, null) };
    }
    let job: GenerationJobView;
    if (o.resume !== undefined) {
      const { resumeGeneration } = await import("@/lib/server/generation/resume-generation");
      job = await resumeGeneration(o.resume, null);
    } else {
      if (o.project === undefined || o.models === undefined)
        throw new UsageError("--project and --models are required");
      // The API's schema: refused with the same messages.
      const input = startGenerationSchema.parse({
        models: splitModels(o.models),
        samples: o.samples,
        items: o.items === undefined ? undefined : o.items.split(",").map((i) => i.trim()),
      });
      const { startGeneration } = await import("@/lib/server/generation/start-generation");
      job = await startGeneration({ slug: o.project, input, actorId: null });
    }
    if (!o.wait || job.status === "completed") return { job };
    return waitForJob(job.id);
  },
});

export const generationShow = defineCommand({
  name: "generation show",
  summary:
    'A generation job with its progress and the errors of its items. Prints {"job": {...}, "errors": [{"externalId", "model", "sample", "kind", "error", "attempts", "at"}]}.',
  options: { id: { type: "string", value: "ID", required: true, help: "the job's id" } },
  async run(o) {
    const { generationJobDetail } = await import("@/lib/server/generation/job-view");
    return generationJobDetail(o.id);
  },
});

export const generationList = defineCommand({
  name: "generation list",
  summary: 'A project\'s recent generation jobs, newest first. Prints {"jobs": [{...}]}.',
  options: { project: { type: "string", value: "S", required: true, help: "the project's slug" } },
  async run(o) {
    const { projectGenerationJobs } = await import("@/lib/server/generation/job-view");
    return { jobs: await projectGenerationJobs(o.project, 20) };
  },
});
