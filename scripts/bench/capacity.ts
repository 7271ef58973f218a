// npm run bench:capacity: how many labelers one machine serves at a realistic pace. Each
// simulated labeler claims a task, thinks for 10 s ± 50% (uniform, 5 to 15 s), submits, and
// claims the next, over HTTP against 2 app instances (server.mjs, production build, on two
// ports, requests alternating between them as a round-robin load balancer would) sharing one
// throwaway PostgreSQL. Sizes of 250, 500, 1,000 and 2,000 labelers, 60 s each.
// The loop is bounded (closed): a labeler has at most one request in flight, so a slow server
// also slows what is asked of it; it talks only to loopback.
//   --quick          100 and 250 labelers, 20 s each (for development)
//   --sizes=a,b,c    other sizes; --seconds=N another duration
// It records the load average at the start and end of each size: the machine may be shared.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/server/db/migrate";
import { ALWAYS_HOLD, countViolations } from "../../lib/server/queue/invariants";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-postgres";
import { run, waitForHealthy } from "../lib/run";
import { createBenchLabelers, createBenchProject, type BenchLabeler } from "./queue-data";
import { machine, round, summarize, writePerformanceSection } from "./report";

const root = path.resolve(__dirname, "..", "..");
const args = process.argv.slice(2);
const option = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
const QUICK = args.includes("--quick");
const SIZES = (option("sizes") ?? (QUICK ? "100,250" : "250,500,1000,2000")).split(",").map(Number);
const SECONDS = Number(option("seconds") ?? (QUICK ? 20 : 60));
const INSTANCES = 2;
const THINK_MS = 10_000;
const TARGET_P99_MS = 100;

/** 10 s ± 50%, uniform. */
const thinkTime = () => THINK_MS * (0.5 + Math.random());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const loadAverage = () => os.loadavg().map((l) => round(l, 2));

/** CPU seconds a process has used so far (user + system), from /proc. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

interface SizeResult {
  labelers: number;
  seconds: number;
  cycles: number;
  claim: number[];
  submit: number[];
  errors: Record<string, number>;
}

interface SizeFigures {
  labelers: number;
  offeredCyclesPerSecond: number;
  cyclesPerSecond: number;
  claim: ReturnType<typeof summarize>;
  submit: ReturnType<typeof summarize>;
  errors: Record<string, number>;
  violations: number;
  appCpuMsPerCycle: number | null;
  loadGeneratorCpuMsPerCycle: number | null;
  loadAverage: { start: number[]; end: number[] };
}

/** One size: every labeler loops claim → think → submit until the deadline. */
async function runSize(bases: string[], slug: string, labelers: BenchLabeler[], seconds: number) {
  const result: SizeResult = { labelers: labelers.length, seconds, cycles: 0, claim: [], submit: [], errors: {} };
  let next = 0;
  const base = () => bases[next++ % bases.length]!; // round robin, per request
  const deadline = Date.now() + seconds * 1000;
  const fail = (message: string) => (result.errors[message] = (result.errors[message] ?? 0) + 1);

  async function labeler(who: BenchLabeler) {
    const auth = { authorization: `Bearer ${who.token}`, "content-type": "application/json" };
    // Arrivals spread over one think time, so that the load is steady from the start.
    await sleep(Math.random() * THINK_MS);
    while (Date.now() < deadline) {
      let t = performance.now();
      const claimed = await fetch(`${base()}/api/projects/${slug}/tasks/next`, { method: "POST", headers: auth });
      if (claimed.status !== 200) {
        fail(`claim ${claimed.status}`);
        await claimed.arrayBuffer();
        return;
      }
      const { task } = (await claimed.json()) as { task: { id: string; item: { completions: { id: string }[] } } };
      result.claim.push(performance.now() - t);
      await sleep(thinkTime());
      if (Date.now() >= deadline) return; // the lease simply stays held, as when a labeler leaves
      t = performance.now();
      const submitted = await fetch(`${base()}/api/tasks/${task.id}/submit`, {
        method: "POST",
        headers: { ...auth, "idempotency-key": randomUUID() },
        body: JSON.stringify({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 }),
      });
      await submitted.arrayBuffer();
      if (submitted.status !== 201) {
        fail(`submit ${submitted.status}`);
        return;
      }
      result.submit.push(performance.now() - t);
      result.cycles += 1;
    }
  }

  await Promise.all(
    labelers.map((who) => labeler(who).catch((error: unknown) => fail(`${(error as Error).message.slice(0, 60)}`))),
  );
  return result;
}

/** No think time, a few seconds: claim → submit as fast as the instances answer. */
async function warmUpLoop(bases: string[], slug: string, labelers: BenchLabeler[], seconds: number) {
  const deadline = Date.now() + seconds * 1000;
  let next = 0;
  await Promise.all(
    labelers.map(async (who) => {
      const auth = { authorization: `Bearer ${who.token}`, "content-type": "application/json" };
      while (Date.now() < deadline) {
        const base = bases[next++ % bases.length]!;
        const claimed = await fetch(`${base}/api/projects/${slug}/tasks/next`, { method: "POST", headers: auth });
        if (claimed.status !== 200) throw new Error(`warm-up claim ${claimed.status}`);
        const { task } = (await claimed.json()) as { task: { id: string; item: { completions: { id: string }[] } } };
        const submitted = await fetch(`${base}/api/tasks/${task.id}/submit`, {
          method: "POST",
          headers: { ...auth, "idempotency-key": randomUUID() },
          body: JSON.stringify({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 }),
        });
        if (submitted.status !== 201) throw new Error(`warm-up submit ${submitted.status}`);
        await submitted.arrayBuffer();
      }
    }),
  );
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-capacity-"));
  const pgPort = await freePort();
  const most = Math.max(...SIZES);
  console.log(`Capacity: ${SIZES.join(", ")} labelers, ${SECONDS} s each, ${INSTANCES} app instances`);
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: pgPort,
    persistent: false,
    quiet: true,
  });
  const apps: ChildProcess[] = [];
  try {
    await server.createDatabaseIfMissing("capacity");
    const url = server.url("capacity");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const pgVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    const maxConnections = Number(
      (await client.query<{ v: string }>("SELECT current_setting('max_connections') AS v")).rows[0]!.v,
    );
    // A fresh project per size, with more slots than its labelers can take in the time.
    const itemsFor = (labelers: number) => Math.ceil((labelers * SECONDS) / (THINK_MS / 1000 / 2)) + labelers;
    const warmUp = await createBenchProject(client, "capacity-warm-up", 5_000, 1);
    const projects = [];
    for (const size of SIZES) projects.push(await createBenchProject(client, `capacity-${size}`, itemsFor(size), 1));
    console.log("Creating labelers…");
    const labelers = await createBenchLabelers(client, most, [warmUp, ...projects]);
    // Done now rather than by autovacuum during the first sizes (it would compete with them,
    // and the planner would see memberships as empty).
    await client.query("VACUUM (ANALYZE)");

    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      console.log("Building the app…");
      await run(path.join(root, "node_modules", ".bin", "next"), ["build"], { cwd: root, quiet: true });
    }
    // Two instances share the database's connections: each gets a pool that leaves room.
    const poolSize = Math.min(20, Math.floor((maxConnections - 10) / INSTANCES));
    const bases: string[] = [];
    for (let i = 0; i < INSTANCES; i += 1) {
      const port = await freePort();
      const base = `http://localhost:${port}`;
      apps.push(
        spawn(process.execPath, [path.join(root, "server.mjs")], {
          cwd: root,
          stdio: ["ignore", "ignore", "inherit"],
          env: {
            ...process.env,
            NODE_ENV: "production",
            PORT: String(port),
            DATABASE_URL: url,
            DATABASE_POOL_SIZE: String(poolSize),
            AUTH_SECRET: randomBytes(32).toString("hex"),
            NEXTAUTH_URL: base,
            WEB_CONCURRENCY: "1",
            WORKERS: "0",
          },
        }),
      );
      bases.push(base);
    }
    for (const base of bases) {
      if (!(await waitForHealthy(`${base}/api/health`, 60_000))) throw new Error(`the app at ${base} did not start`);
    }

    // Both instances compile and cache their code paths (JIT, prepared pools) before anything counts.
    console.log("Warming up…");
    await warmUpLoop(bases, warmUp.slug, labelers.slice(0, 32), 5);

    const results: SizeFigures[] = [];
    for (const [index, size] of SIZES.entries()) {
      const project = projects[index]!;
      const loadAtStart = loadAverage();
      const cpuBefore = apps.map((app) => cpuSeconds(app.pid));
      const generatorBefore = process.cpuUsage();
      console.log(`${size} labelers, ${SECONDS} s (load average ${loadAtStart.join(" ")})…`);
      const r = await runSize(bases, project.slug, labelers.slice(0, size), SECONDS);
      const appCpuSeconds = round(
        apps.reduce((sum, app, i) => sum + cpuSeconds(app.pid) - cpuBefore[i]!, 0),
        2,
      );
      const generator = process.cpuUsage(generatorBefore);
      const perCycle = (seconds: number) => (r.cycles ? round((seconds * 1000) / r.cycles, 2) : null);
      const violations = await countViolations(client, project.id, ALWAYS_HOLD);
      const figures: SizeFigures = {
        labelers: size,
        offeredCyclesPerSecond: round(size / (THINK_MS / 1000)),
        cyclesPerSecond: round(r.cycles / SECONDS),
        claim: summarize(r.claim),
        submit: summarize(r.submit),
        errors: r.errors,
        violations: Object.values(violations).reduce((a: number, b: number) => a + b, 0),
        appCpuMsPerCycle: perCycle(appCpuSeconds),
        loadGeneratorCpuMsPerCycle: perCycle((generator.user + generator.system) / 1e6),
        loadAverage: { start: loadAtStart, end: loadAverage() },
      };
      console.log(JSON.stringify(figures));
      results.push(figures);
    }
    await client.end();

    const withinTarget = results.filter((r) => r.claim.p99 < TARGET_P99_MS && r.submit.p99 < TARGET_P99_MS);
    const largest = withinTarget.length ? Math.max(...withinTarget.map((r) => r.labelers)) : null;
    // Capacity per app core from what a cycle costs the app, at the last size that did cycles:
    // a core does 1000 / cost cycles/s, the pace of 10 s × that many labelers.
    const costed = results.filter((r) => r.appCpuMsPerCycle !== null).at(-1);
    const cpuMsPerCycle = costed?.appCpuMsPerCycle ?? null;
    const labelersPerCore = cpuMsPerCycle ? Math.round((1000 / cpuMsPerCycle) * (THINK_MS / 1000)) : null;
    const summary = {
      pgVersion,
      cpuMsPerCycle,
      labelersPerCore,
      sizes: SIZES,
      seconds: SECONDS,
      quick: QUICK,
      largestUnder100ms: largest,
      results,
    };
    console.log(JSON.stringify(summary, null, 2));
    if (QUICK || option("sizes") || option("seconds")) {
      console.log("Not written to docs/PERFORMANCE.md (a development run).");
      return;
    }

    const errors = (r: SizeFigures) => Object.values(r.errors).reduce((a, b) => a + b, 0);
    const rows = results.map(
      (r) =>
        `| ${r.labelers.toLocaleString("en")} | ${r.offeredCyclesPerSecond} | ${r.cyclesPerSecond} | ${r.claim.p50} | ${r.claim.p99} | ${r.submit.p50} | ${r.submit.p99} | ${errors(r)} | ${r.violations} | ${r.appCpuMsPerCycle ?? "–"} | ${r.loadAverage.start[0]} → ${r.loadAverage.end[0]} |`,
    );
    writePerformanceSection(
      root,
      "bench:capacity",
      `## Capacity at a labeler's pace (\`npm run bench:capacity\`)

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, PostgreSQL ${pgVersion} (embedded), everything on one machine.
Each simulated labeler claims a task over HTTP, thinks for 10 s ± 50% (uniform, 5 to 15 s), submits, and claims the
next; arrivals are spread over the first 10 s. ${INSTANCES} app instances (\`server.mjs\`, production build, one process
each, ${poolSize} database connections each) behind a round-robin in the load generator, one PostgreSQL, API tokens;
${SECONDS} s per size, a fresh comparison project (overlap 1) each. The loop is **bounded** (closed: at most one request
in flight per labeler, so a slow server also slows what it is asked) and talks **only to loopback**: no network, no
TLS, no proxy. Latencies in ms; "cycles/s asked" is labelers ÷ 10 s once all have arrived (the first 10 s ramp up,
and a labeler still thinking at the end does not submit, so fewer are done); app CPU is both instances' CPU time per
cycle (PostgreSQL's is not measured here: see bench:queue's baseline for what the same statements cost);
load is the 1-minute load average at the start and end of each size (the machine may be shared).

| labelers | cycles/s asked | cycles/s done | claim p50 | claim p99 | submit p50 | submit p99 | errors | violations | app CPU ms/cycle | load |
|---|---|---|---|---|---|---|---|---|---|---|
${rows.join("\n")}

Largest size whose claim and submit p99 both stay under ${TARGET_P99_MS} ms here: **${largest === null ? "none of those measured" : `${largest.toLocaleString("en")} labelers`}**.
${
  cpuMsPerCycle && costed
    ? `A cycle (claim + submit) cost the app ${cpuMsPerCycle} ms of CPU at ${costed.labelers.toLocaleString("en")} labelers: one app core
does about ${Math.round(1000 / cpuMsPerCycle)} cycles/s, the pace of about ${labelersPerCore!.toLocaleString("en")} labelers at full use (plan for half that,
to keep p99 low, plus PostgreSQL's share; docs/SCALING.md).`
    : ""
}`,
    );
    console.log("Wrote docs/PERFORMANCE.md");
  } finally {
    for (const app of apps) app.kill("SIGTERM");
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
