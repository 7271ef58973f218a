// npm run bench:generate: completions per second of a generation job against the OpenAI-protocol
// stub (scripts/openai-stub) answering every request after 200 ms, one endpoint at concurrency
// 32: the ideal is 32 / 0.2 s = 160 completions/s. The worker runs as its own process
// (`npm run worker`'s command); its CPU time (user + system, from /proc) per completion is what
// generation costs us beside the model. Settings (env): BENCH_GENERATE_ITEMS (3000),
// BENCH_GENERATE_CONCURRENCY (32), BENCH_GENERATE_LATENCY_MS (200).
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { applyMigrations } from "../../lib/server/db/migrate";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-postgres";
import { machine, round, writePerformanceSection } from "./report";

const root = path.resolve(__dirname, "..", "..");
const ITEMS = Number(process.env.BENCH_GENERATE_ITEMS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_GENERATE_CONCURRENCY ?? 32);
const LATENCY_MS = Number(process.env.BENCH_GENERATE_LATENCY_MS ?? 200);
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process so far (/proc/<pid>/stat fields 14 and 15). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function node(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
}

async function firstLine(child: ChildProcess): Promise<string> {
  let buffer = "";
  for await (const chunk of child.stdout!) {
    buffer += String(chunk);
    const newline = buffer.indexOf("\n");
    if (newline >= 0) return buffer.slice(0, newline);
  }
  throw new Error("the process ended before writing a line");
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-bench-"));
  console.log(`Starting PostgreSQL, the stub (${LATENCY_MS} ms a request) and a worker; ${ITEMS} prompts…`);
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    persistent: false,
    quiet: true,
  });
  const children: ChildProcess[] = [];
  try {
    await server.createDatabaseIfMissing("bench");
    const url = server.url("bench");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    process.env.DATABASE_URL = url;
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };

    const stub = node(["scripts/openai-stub/main.ts", "--port", "0", "--latency-ms", String(LATENCY_MS)], env);
    children.push(stub);
    const stubUrl = (JSON.parse(await firstLine(stub)) as { url: string }).url;

    const { addItems } = await import("../../lib/server/items/add-items");
    const { createProject } = await import("../../lib/server/projects/create-project");
    const { createModelEndpoint } = await import("../../lib/server/models/create-model-endpoint");
    const { startGeneration } = await import("../../lib/server/generation/start-generation");
    const { generationJobView } = await import("../../lib/server/generation/job-view");
    await createProject({ slug: "bench-generate", kind: "ranking", overlap: 1 }, null);
    for (let start = 0; start < ITEMS; start += 1000) {
      await addItems(
        "bench-generate",
        Array.from({ length: Math.min(1000, ITEMS - start) }, (_, i) => ({
          externalId: `p-${start + i}`,
          messages: [{ role: "user" as const, content: `Question ${start + i}: why is the sky blue?` }],
        })),
      );
    }
    await createModelEndpoint(
      { name: "bench", baseUrl: stubUrl, model: "stub-careful", maxConcurrency: CONCURRENCY },
      null,
    );

    const worker = node(["scripts/worker.ts"], env);
    children.push(worker);
    await firstLine(worker); // "generation worker <pid> started"
    await sleep(1000); // its first discovery pass and pg-boss start-up
    const cpuBefore = cpuSeconds(worker.pid!);
    const queuedAt = performance.now();
    const job = await startGeneration({ slug: "bench-generate", input: { models: ["bench"] }, actorId: null });
    const queueSeconds = (performance.now() - queuedAt) / 1000;
    let view = job;
    while (view.status === "queued" || view.status === "running") {
      await sleep(250);
      view = await generationJobView(job.id);
    }
    const cpu = cpuSeconds(worker.pid!) - cpuBefore;
    if (view.status !== "completed" || view.completions !== ITEMS) {
      throw new Error(`the job ended ${view.status} with ${view.completions} completions: ${view.error ?? ""}`);
    }
    const seconds = (view.finishedAt!.getTime() - view.startedAt!.getTime()) / 1000;
    const rate = view.completions / seconds;
    const ideal = (CONCURRENCY * 1000) / LATENCY_MS;
    const cpuMsPerCompletion = (cpu * 1000) / view.completions;
    const result = {
      completions: view.completions,
      seconds: round(seconds, 2),
      perSecond: round(rate),
      ideal,
      ofIdeal: round((rate / ideal) * 100),
      workerCpuSeconds: round(cpu, 2),
      workerCpuMsPerCompletion: round(cpuMsPerCompletion, 2),
      queueSeconds: round(queueSeconds, 2),
    };
    console.log(JSON.stringify(result));
    writePerformanceSection(
      root,
      "bench:generate",
      `## Generation (\`npm run bench:generate\`)

${ITEMS.toLocaleString("en")} prompts, one endpoint at concurrency ${CONCURRENCY}, the OpenAI-protocol stub answering
each request after ${LATENCY_MS} ms (ideal: ${CONCURRENCY} / ${LATENCY_MS / 1000} s = ${ideal} completions/s). One worker
process (\`npm run worker\`), pg-boss 10.4.2, embedded PostgreSQL on the same machine.

| measure | value |
| --- | --- |
| completions/s (first request to last) | ${result.perSecond} (${result.ofIdeal}% of ${ideal}) |
| job time | ${result.seconds} s for ${result.completions.toLocaleString("en")} completions |
| worker CPU (user + system) | ${result.workerCpuSeconds} s: ${result.workerCpuMsPerCompletion} ms per completion |
| queueing the job (plan, records, pg-boss jobs, one transaction) | ${result.queueSeconds} s |

Machine: ${machine()}. Command: \`npm run bench:generate\` (BENCH_GENERATE_ITEMS=${ITEMS}).
The stub and PostgreSQL run on the same cores as the worker; the worker's CPU time is its own process's.`,
    );
  } finally {
    for (const child of children) {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([once(child, "exit"), sleep(25_000)]);
      }
    }
    // Our own pool first: PostgreSQL stopping under it would be logged as a lost connection.
    const { pool } = await import("../../lib/server/db/client");
    await pool()
      .end()
      .catch(() => {});
    await server.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
