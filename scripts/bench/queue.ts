// npm run bench:queue: claim + submit throughput of the queue over HTTP (production build,
// 64 labelers), beside the same SQL sent straight to PostgreSQL with the same concurrency.
// Settings (env): BENCH_ITEMS (100000), BENCH_LABELERS (64), BENCH_SECONDS (20: per path, split
// into BENCH_ROUNDS (4) turns of HTTP and SQL), BENCH_OVERLAP (3), BENCH_NEXT (1: a cycle is one
// submit carrying the next task, `?next=1`; 0: a claim and a submit), BENCH_PROFILE (a directory: the
// app process writes a CPU profile there, `node --cpu-prof`, when it stops).
import { spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/server/db/migrate";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-postgres";
import { run, waitForHealthy } from "../lib/run";
import { claimAfterLeaseSql, claimSql, submitSql, type BaselineTask } from "./queue-baseline";
import { ALWAYS_HOLD, QUEUE_INVARIANTS, countViolations } from "../../lib/server/queue/invariants";
import { httpClient } from "./http-client";
import { createBenchLabelers, createBenchProject, type BenchLabeler } from "./queue-data";
import { ownCpuSeconds, postgresCpuSeconds, processTreeCpuSeconds } from "./cpu-time";
import { machine, round, summarize, writePerformanceSection } from "./report";

const root = path.resolve(__dirname, "..", "..");
const ITEMS = Number(process.env.BENCH_ITEMS ?? 100_000);
const LABELERS = Number(process.env.BENCH_LABELERS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
/** Each cycle one submit that carries the next task (the labeling page's way); BENCH_NEXT=0: claim, then submit. */
const NEXT = process.env.BENCH_NEXT !== "0";
const OVERLAP = Number(process.env.BENCH_OVERLAP ?? 3);

interface PhaseResult {
  cycles: number;
  seconds: number;
  claim: number[];
  submit: number[];
  errors: Record<string, number>;
  /** CPU seconds each process used during the phase (rounds add up). */
  cpu: CpuSeconds;
}

interface CpuSeconds {
  app: number;
  postgres: number;
  generator: number;
}

const emptyResult = (): PhaseResult => ({
  cycles: 0,
  seconds: 0,
  claim: [],
  submit: [],
  errors: {},
  cpu: { app: 0, postgres: 0, generator: 0 },
});

/** Runs `cycle` on `workers` loops for `seconds`, adding to `result` (rounds add up). */
async function runPhase(
  workers: number,
  seconds: number,
  cycle: (worker: number, result: PhaseResult) => Promise<boolean>,
  result: PhaseResult = emptyResult(),
) {
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (Date.now() < deadline) {
        try {
          if (!(await cycle(worker, result))) return;
          result.cycles += 1;
        } catch (error) {
          const key = (error as Error).message.slice(0, 80);
          result.errors[key] = (result.errors[key] ?? 0) + 1;
        }
      }
    }),
  );
  result.seconds += (Date.now() - started) / 1000;
  return result;
}

interface BenchTask {
  id: string;
  item: { completions: { id: string }[] };
}

const answerOf = (task: BenchTask) =>
  JSON.stringify({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 });

/**
 * One cycle over HTTP. With NEXT (the default), the labeling page's way: one submit that
 * carries the next task (`?next=1`), after a first claim per labeler (not counted as a cycle).
 * Otherwise two requests: claim, then submit.
 */
function httpCycle(base: string, slug: string, labelers: BenchLabeler[]) {
  const held: (BenchTask | null)[] = labelers.map(() => null);
  const send = httpClient(base, labelers.length);
  return async (worker: number, result: PhaseResult) => {
    const auth = { authorization: `Bearer ${labelers[worker]!.token}`, "content-type": "application/json" };
    let t = performance.now();
    let task = NEXT ? held[worker] : null;
    if (!task) {
      const claimed = await send("POST", `/api/projects/${slug}/tasks/next`, auth);
      if (claimed.status === 204) return false;
      if (claimed.status !== 200) throw new Error(`claim ${claimed.status} ${claimed.text.slice(0, 60)}`);
      task = (JSON.parse(claimed.text) as { task: BenchTask }).task;
      result.claim.push(performance.now() - t);
      t = performance.now();
    }
    held[worker] = null;
    const submitted = await send(
      "POST",
      `/api/tasks/${task.id}/submit${NEXT ? "?next=1" : ""}`,
      { ...auth, "idempotency-key": randomUUID() },
      answerOf(task),
    );
    if (submitted.status !== 201) throw new Error(`submit ${submitted.status} ${submitted.text.slice(0, 60)}`);
    const answer = JSON.parse(submitted.text) as { next?: { task: BenchTask } | null };
    result.submit.push(performance.now() - t);
    if (NEXT) held[worker] = answer.next?.task ?? null;
    return true;
  };
}

/** The same cycle as SQL sent straight to PostgreSQL, on one connection per labeler. */
function sqlCycle(pool: pg.Pool, slug: string, labelers: BenchLabeler[]) {
  const held: (BaselineTask | null)[] = labelers.map(() => null);
  return async (worker: number, result: PhaseResult) => {
    const { id: labelerId, tokenHash } = labelers[worker]!;
    const connection = await pool.connect();
    try {
      let t = performance.now();
      let task = NEXT ? held[worker] : null;
      if (!task) {
        task = await claimSql(connection, slug, tokenHash);
        if (!task) return false;
        result.claim.push(performance.now() - t);
        t = performance.now();
      }
      held[worker] = null;
      await submitSql(connection, task, labelerId, tokenHash);
      if (NEXT) held[worker] = await claimAfterLeaseSql(connection, task.id, labelerId);
      result.submit.push(performance.now() - t);
      return true;
    } finally {
      connection.release();
    }
  };
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-bench-"));
  const pgPort = await freePort();
  console.log(`Starting PostgreSQL, ${ITEMS.toLocaleString("en")} items × 2 projects, ${LABELERS} labelers…`);
  const pgDir = path.join(dir, "pg");
  const server = await startEmbeddedPostgres({
    dir: pgDir,
    port: pgPort,
    persistent: false,
    quiet: true,
  });
  let app: ReturnType<typeof spawn> | undefined;
  try {
    await server.createDatabaseIfMissing("bench");
    const url = server.url("bench");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const seedStart = Date.now();
    const httpProject = await createBenchProject(client, "bench-http", ITEMS, OVERLAP);
    const sqlProject = await createBenchProject(client, "bench-sql", ITEMS, OVERLAP);
    const labelers = await createBenchLabelers(client, LABELERS, [httpProject, sqlProject]);
    const pgVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    console.log(`  data ready in ${round((Date.now() - seedStart) / 1000)} s`);

    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      console.log("Building the app…");
      await run(path.join(root, "node_modules", ".bin", "next"), ["build"], { cwd: root, quiet: true });
    }
    const port = await freePort();
    const base = `http://localhost:${port}`;
    const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
    app = spawn(process.execPath, [...profile, path.join(root, "server.mjs")], {
      cwd: root,
      stdio: ["ignore", "ignore", "inherit"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: String(port),
        DATABASE_URL: url,
        AUTH_SECRET: randomBytes(32).toString("hex"),
        NEXTAUTH_URL: base,
        WEB_CONCURRENCY: process.env.WEB_CONCURRENCY ?? "1",
        // No generation worker: it is not on the queue's path, and its polling would weigh on both phases.
        WORKERS: "0",
      },
    });
    if (!(await waitForHealthy(`${base}/api/health`, 60_000))) throw new Error("the app did not start");

    console.log("Warming up…");
    await runPhase(LABELERS, 3, httpCycle(base, httpProject.slug, labelers));
    // The stack's ceiling on this machine: the cheapest route handler that touches the database.
    console.log("Ceiling: GET /api/health…");
    const health = httpClient(base, LABELERS);
    let healthCount = 0;
    const healthStart = Date.now();
    await Promise.all(
      Array.from({ length: LABELERS }, async () => {
        while (Date.now() - healthStart < 5000) {
          await health("GET", "/api/health", {});
          healthCount += 1;
        }
      }),
    );
    const healthRate = round(healthCount / ((Date.now() - healthStart) / 1000));
    // HTTP and the SQL baseline take turns in short rounds (ABBA order), so that a change in
    // the machine's load during the run (it is shared) weighs on both alike.
    const loadAtStart = os.loadavg();
    const pool = new pg.Pool({ connectionString: url, max: LABELERS });
    const baselineCycle = sqlCycle(pool, sqlProject.slug, labelers);
    await runPhase(LABELERS, 2, baselineCycle); // opens the pool's connections
    const http = emptyResult();
    const baseline = emptyResult();
    const appCycle = httpCycle(base, httpProject.slug, labelers);
    const roundRatios: number[] = [];
    const cpuNow = (): CpuSeconds => ({
      app: processTreeCpuSeconds(app?.pid),
      postgres: postgresCpuSeconds(pgDir),
      generator: ownCpuSeconds(),
    });
    /** A phase, with the CPU time each process spent on it. */
    const measured = async (cycle: Parameters<typeof runPhase>[2], into: PhaseResult) => {
      const start = cpuNow();
      await runPhase(LABELERS, roundSeconds, cycle, into);
      const end = cpuNow();
      for (const key of ["app", "postgres", "generator"] as const) into.cpu[key] += end[key] - start[key];
    };
    const roundSeconds = SECONDS / ROUNDS;
    for (let turn = 0; turn < ROUNDS; turn += 1) {
      console.log(`Round ${turn + 1}/${ROUNDS}: HTTP and SQL, ${round(roundSeconds)} s each…`);
      const before = { http: { ...http }, baseline: { ...baseline } };
      const phases = [() => measured(appCycle, http), () => measured(baselineCycle, baseline)];
      for (const phase of turn % 2 === 0 ? phases : phases.reverse()) await phase();
      const rateOf = (now: PhaseResult, then: PhaseResult) => (now.cycles - then.cycles) / (now.seconds - then.seconds);
      roundRatios.push(round(rateOf(http, before.http) / rateOf(baseline, before.baseline), 2));
    }
    const loadAtEnd = os.loadavg();
    await pool.end();
    app.kill("SIGTERM");
    app = undefined;

    const violations = {
      http: await countViolations(client, httpProject.id, ALWAYS_HOLD),
      baseline: await countViolations(client, sqlProject.id, ALWAYS_HOLD),
    };
    await client.end();

    const rate = (r: PhaseResult) => round(r.cycles / r.seconds);
    /** Milliseconds of CPU per cycle in each process: what a cycle costs whatever else runs on the machine. */
    const cpuPerCycle = (r: PhaseResult) => ({
      app: round((r.cpu.app * 1000) / r.cycles, 2),
      postgres: round((r.cpu.postgres * 1000) / r.cycles, 2),
      generator: round((r.cpu.generator * 1000) / r.cycles, 2),
    });
    const figures = {
      http: {
        cyclesPerSecond: rate(http),
        claim: summarize(http.claim),
        submit: summarize(http.submit),
        errors: http.errors,
        cpuMsPerCycle: cpuPerCycle(http),
      },
      baseline: {
        cyclesPerSecond: rate(baseline),
        claim: summarize(baseline.claim),
        submit: summarize(baseline.submit),
        errors: baseline.errors,
        cpuMsPerCycle: cpuPerCycle(baseline),
      },
      ratio: round(rate(http) / rate(baseline), 2),
      roundRatios,
      loadAverage: { start: loadAtStart.map((l) => round(l, 2)), end: loadAtEnd.map((l) => round(l, 2)) },
      healthRequestsPerSecond: healthRate,
      violations,
    };
    console.log(JSON.stringify(figures, null, 2));

    const totalViolations = Object.values(violations)
      .flatMap((v) => Object.values(v))
      .reduce((a, b) => a + b, 0);
    const errorCount = (f: (typeof figures)["http"]) => Object.values(f.errors).reduce((a, b) => a + b, 0);
    const row = (name: string, f: (typeof figures)["http"]) =>
      NEXT
        ? `| ${name} | ${f.cyclesPerSecond} | ${f.submit.p50} | ${f.submit.p99} | ${errorCount(f)} |`
        : `| ${name} | ${f.cyclesPerSecond} | ${f.claim.p50} | ${f.claim.p99} | ${f.submit.p50} | ${f.submit.p99} | ${errorCount(f)} |`;
    const header = NEXT
      ? "| path | cycles/s | submit + next p50 ms | submit + next p99 ms | errors |\n|---|---|---|---|---|"
      : "| path | cycles/s | claim p50 ms | claim p99 ms | submit p50 ms | submit p99 ms | errors |\n|---|---|---|---|---|---|---|";
    const loop = NEXT
      ? `each looping submit-with-next-task (\`POST /api/tasks/:id/submit?next=1\`, one request per cycle, after a first claim) with`
      : "each looping claim → submit with";
    const baselineWork = NEXT
      ? "the lease lookup with the token check joined in, one call of `rlhf_submit_annotation`, the item's agreement refresh and one call of `rlhf_claim_task` for the next task"
      : "one call of `rlhf_claim_task` with the token check joined in; the lease lookup with the token check joined in, one call of `rlhf_submit_annotation` and the item's agreement refresh";
    writePerformanceSection(
      root,
      "bench:queue",
      `## Queue: claim + submit (\`npm run bench:queue\`)

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, PostgreSQL ${pgVersion} (embedded), everything on one machine.
${ITEMS.toLocaleString("en")} comparison items with overlap ${OVERLAP}; ${LABELERS} simulated labelers, ${loop}
no think time for ${SECONDS} s. HTTP: the production build (\`server.mjs\`), API tokens, JSON bodies, idempotency keys.
Baseline: the statements the app sends (${baselineWork}) sent straight to PostgreSQL over ${LABELERS} connections
(\`scripts/bench/queue-baseline.ts\`), in the same run: HTTP and SQL take turns, ${ROUNDS} rounds of ${round(SECONDS / ROUNDS)} s each
in ABBA order, so that a change in the machine's load weighs on both. Load average (1, 5, 15 min) at the start:
${figures.loadAverage.start.join(", ")}; at the end: ${figures.loadAverage.end.join(", ")}.

${header}
${row("HTTP (app)", figures.http)}
${row("SQL baseline", figures.baseline)}

HTTP reaches **${Math.round(figures.ratio * 100)}%** of the baseline's rate. For scale, the cheapest route handler that
touches the database (\`GET /api/health\`, one \`SELECT 1\`) answers **${healthRate} requests/s** here with the same
${LABELERS} clients; a cycle is ${NEXT ? "one request that does the work of two" : "two requests that do real work"}. Guarantee violations after both runs: **${totalViolations}**
(${ALWAYS_HOLD.map((name) => QUEUE_INVARIANTS[name].description).join(", ")}).
HTTP/SQL ratio per round: ${figures.roundRatios.map((r) => `${Math.round(r * 100)}%`).join(", ")}.
CPU per cycle (ms, from /proc; these move less with the machine's load than the rates): HTTP: app ${figures.http.cpuMsPerCycle.app},
PostgreSQL ${figures.http.cpuMsPerCycle.postgres}, load generator ${figures.http.cpuMsPerCycle.generator}; SQL baseline: PostgreSQL
${figures.baseline.cpuMsPerCycle.postgres}, load generator ${figures.baseline.cpuMsPerCycle.generator}.
Target (issue 17): HTTP at least 60% of the baseline's rate, zero violations.`,
    );
    console.log("Wrote docs/PERFORMANCE.md");
  } finally {
    app?.kill("SIGTERM");
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
