// Two builds of the app side by side in one run: each gets the same submit-with-next-task load
// (64 labelers, API tokens) in alternating rounds (ABBA), against one PostgreSQL, and the
// app's CPU time per cycle is read from /proc for each. The machine's other load then weighs
// on both builds alike, which separate runs of npm run bench:queue cannot promise on a shared
// machine. Usage: npx tsx scripts/bench/queue-ab.ts <dirA> <dirB> (each a checkout with a
// production build in .next; BENCH_ITEMS, BENCH_LABELERS, BENCH_ROUNDS, BENCH_SECONDS as in queue.ts;
// BENCH_PROFILE=dir: each app writes a CPU profile to dir/A or dir/B when it stops).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../../lib/server/db/migrate";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-postgres";
import { waitForHealthy } from "../lib/run";
import { httpClient } from "./http-client";
import { createBenchLabelers, createBenchProject } from "./queue-data";
import { processTreeCpuSeconds } from "./cpu-time";

const root = path.resolve(__dirname, "..", "..");
const ITEMS = Number(process.env.BENCH_ITEMS ?? 20_000);
const LABELERS = Number(process.env.BENCH_LABELERS ?? 64);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 40);

type Task = { id: string; item: { completions: { id: string }[] } };

interface Side {
  name: string;
  dir: string;
  app: ChildProcess;
  send: ReturnType<typeof httpClient>;
  slug: string;
  held: (Task | null)[];
  cycles: number;
  allCycles: number;
  seconds: number;
  cpu: number;
  errors: number;
}

async function main() {
  const dirs = process.argv.slice(2, 4).map((dir) => path.resolve(dir));
  if (dirs.length !== 2) throw new Error("usage: queue-ab.ts <dirA> <dirB>");
  const tmp = await mkdtemp(path.join(os.tmpdir(), "rlhf-ab-"));
  const server = await startEmbeddedPostgres({
    dir: path.join(tmp, "pg"),
    port: await freePort(),
    persistent: false,
    quiet: true,
  });
  const apps: ChildProcess[] = [];
  try {
    await server.createDatabaseIfMissing("bench");
    const url = server.url("bench");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const projects = [
      await createBenchProject(client, "ab-a", ITEMS, 3),
      await createBenchProject(client, "ab-b", ITEMS, 3),
    ];
    const labelers = await createBenchLabelers(client, LABELERS, projects);
    const secret = randomBytes(32).toString("hex");
    const sides: Side[] = [];
    for (const [i, dir] of dirs.entries()) {
      const port = await freePort();
      const base = `http://localhost:${port}`;
      const profile = process.env.BENCH_PROFILE
        ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}/${i === 0 ? "A" : "B"}`]
        : [];
      const app = spawn(process.execPath, [...profile, path.join(dir, "server.mjs")], {
        cwd: dir,
        stdio: ["ignore", "ignore", "inherit"],
        env: {
          ...process.env,
          NODE_ENV: "production",
          PORT: String(port),
          DATABASE_URL: url,
          AUTH_SECRET: secret,
          NEXTAUTH_URL: base,
          WEB_CONCURRENCY: "1",
          WORKERS: "0",
        },
      });
      apps.push(app);
      if (!(await waitForHealthy(`${base}/api/health`, 60_000))) throw new Error(`${dir} did not start`);
      sides.push({
        name: i === 0 ? "A" : "B",
        dir,
        app,
        send: httpClient(base, LABELERS),
        slug: projects[i]!.slug,
        held: labelers.map((): Task | null => null),
        cycles: 0,
        allCycles: 0,
        seconds: 0,
        cpu: 0,
        errors: 0,
      });
    }
    const runRound = async (side: Side, seconds: number, count: boolean) => {
      const cpu0 = processTreeCpuSeconds(side.app.pid);
      const started = Date.now();
      const deadline = started + seconds * 1000;
      let cycles = 0;
      await Promise.all(
        labelers.map(async (labeler, worker) => {
          const auth = { authorization: `Bearer ${labeler.token}`, "content-type": "application/json" };
          while (Date.now() < deadline) {
            let task = side.held[worker];
            if (!task) {
              const claimed = await side.send("POST", `/api/projects/${side.slug}/tasks/next`, auth);
              if (claimed.status !== 200) throw new Error(`claim ${claimed.status}`);
              task = (JSON.parse(claimed.text) as { task: Task }).task;
            }
            const body = JSON.stringify({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 });
            const answer = await side.send(
              "POST",
              `/api/tasks/${task.id}/submit?next=1`,
              { ...auth, "idempotency-key": randomUUID() },
              body,
            );
            if (answer.status !== 201) {
              side.errors += 1;
              side.held[worker] = null;
              continue;
            }
            side.held[worker] = (JSON.parse(answer.text) as { next?: { task: Task } | null }).next?.task ?? null;
            cycles += 1;
          }
        }),
      );
      side.allCycles += cycles;
      if (!count) return;
      side.cycles += cycles;
      side.seconds += (Date.now() - started) / 1000;
      side.cpu += processTreeCpuSeconds(side.app.pid) - cpu0;
    };
    for (const side of sides) await runRound(side, 3, false); // warm-up
    const load = os.loadavg()[0]!.toFixed(2);
    const perRound: string[] = [];
    for (let turn = 0; turn < ROUNDS; turn += 1) {
      const order = turn % 2 === 0 ? sides : [...sides].reverse();
      const before = sides.map((s) => ({ cycles: s.cycles, cpu: s.cpu }));
      for (const side of order) await runRound(side, SECONDS / ROUNDS / 2, true);
      perRound.push(
        sides.map((s, i) => (((s.cpu - before[i]!.cpu) * 1000) / (s.cycles - before[i]!.cycles)).toFixed(2)).join("/"),
      );
    }
    console.log(
      `load ${load} -> ${os.loadavg()[0]!.toFixed(2)}; app CPU ms per cycle by round (A/B): ${perRound.join(", ")}`,
    );
    for (const side of sides)
      console.log(
        `${side.name} ${side.dir}: ${(side.cycles / side.seconds).toFixed(1)} cycles/s, app CPU ${((side.cpu * 1000) / side.cycles).toFixed(3)} ms/cycle, ${side.cycles} cycles (${side.allCycles} with the warm-up), ${side.errors} errors`,
      );
    await client.end();
  } finally {
    for (const app of apps) app.kill("SIGTERM");
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
