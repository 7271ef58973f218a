// npm run soak: labelers' work survives load, crashes and a database restart.
// Two app instances (production build) on one PostgreSQL, simulated labelers with think
// time, drafts, random abandonment and retries with idempotency keys. A third of the way in,
// one instance is killed with SIGKILL and restarted; two thirds in, PostgreSQL is restarted.
// Afterwards SQL checks every guarantee. Bounded, loopback only, stops by itself.
//   npm run soak                 4 minutes, 200 labelers, figures written to docs/RELIABILITY.md
//   npm run soak -- --short      60 seconds (what CI runs)
// Settings (env): SOAK_SECONDS, SOAK_LABELERS (200), SOAK_ITEMS (8000).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { applyMigrations } from "../lib/server/db/migrate";
import { QUEUE_INVARIANTS, countViolations, type QueueInvariant } from "../lib/server/queue/invariants";
import { createBenchLabelers, createBenchProject } from "./bench/queue-data";
import { machine, round, writeDocSection } from "./bench/report";
import { freePort, startEmbeddedPostgres, type RunningPostgres } from "./lib/embedded-postgres";
import { run, waitForHealthy } from "./lib/run";

const root = path.resolve(__dirname, "..");
const short = process.argv.includes("--short");
const SECONDS = Number(process.env.SOAK_SECONDS ?? (short ? 60 : 240));
const LABELERS = Number(process.env.SOAK_LABELERS ?? 200);
const ITEMS = Number(process.env.SOAK_ITEMS ?? 8000);
/** Short leases, so that abandoned tasks expire and come back during the run. */
const LEASE_SECONDS = 30; // the shortest a project allows
const SWEEP_SECONDS = 3;
const ABANDON = 0.04;
const DUPLICATE_SUBMIT = 0.05;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const between = (low: number, high: number) => low + Math.random() * (high - low);

interface Instance {
  name: string;
  base: string;
  port: number;
  process: ChildProcess | null;
}

const errors = new Map<string, number>();
const countError = (kind: string) => errors.set(kind, (errors.get(kind) ?? 0) + 1);

function startInstance(instance: Instance, databaseUrl: string, secret: string) {
  instance.process = spawn(process.execPath, [path.join(root, "server.mjs")], {
    cwd: root,
    stdio: ["ignore", "ignore", "ignore"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(instance.port),
      HOSTNAME_BIND: "127.0.0.1",
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: secret,
      NEXTAUTH_URL: instance.base,
      LEASE_SWEEP_SECONDS: String(SWEEP_SECONDS),
      WEB_CONCURRENCY: "1",
    },
  });
}

type Answer = { status: number; body: Record<string, unknown> | null };

/** One HTTP call; network failures and timeouts come back as status 0. */
async function call(url: string, token: string, method: string, body?: unknown, key?: string): Promise<Answer> {
  try {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        "content-type": "application/json",
        ...(key ? { "idempotency-key": key } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    let json: Record<string, unknown> | null = null;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : null;
    } catch {
      json = null;
    }
    if (response.status >= 500) countError(`HTTP ${response.status}`);
    return { status: response.status, body: json };
  } catch {
    countError("network (refused, reset or timed out)");
    return { status: 0, body: null };
  }
}

interface Ack {
  labeler: string;
  key: string;
  annotationId: string;
}

interface DraftAck {
  labeler: string;
  itemId: string;
  text: string;
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-soak-"));
  const pgDir = path.join(dir, "pg");
  const pgPort = await freePort();
  let database: RunningPostgres = await startEmbeddedPostgres({
    dir: pgDir,
    port: pgPort,
    persistent: true,
    quiet: true,
  });
  const instances: Instance[] = [];
  try {
    await database.createDatabaseIfMissing("soak");
    const url = database.url("soak");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {});
    await client.connect();
    const ranking = await createBenchProject(client, "soak-compare", ITEMS, 3, { leaseSeconds: LEASE_SECONDS });
    const demo = await createBenchProject(client, "soak-demo", Math.round(ITEMS / 2), 2, {
      kind: "demonstration",
      leaseSeconds: LEASE_SECONDS,
    });
    const labelers = await createBenchLabelers(client, LABELERS, [ranking, demo]);
    await client.end();

    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      console.log("Building the app…");
      await run(path.join(root, "node_modules", ".bin", "next"), ["build"], { cwd: root, quiet: true });
    }
    const secret = randomBytes(32).toString("hex");
    for (const name of ["A", "B"]) {
      const port = await freePort();
      const instance = { name, port, base: `http://127.0.0.1:${port}`, process: null };
      instances.push(instance);
      startInstance(instance, url, secret);
    }
    for (const instance of instances) {
      if (!(await waitForHealthy(`${instance.base}/api/health`, 60_000)))
        throw new Error(`instance ${instance.name} did not start`);
    }
    console.log(
      `Soak: ${LABELERS} labelers, ${SECONDS} s, 2 app instances, leases of ${LEASE_SECONDS} s, ${ITEMS.toLocaleString("en")} + ${Math.round(ITEMS / 2).toLocaleString("en")} items…`,
    );

    const acks: Ack[] = [];
    const drafts = new Map<string, DraftAck>(); // latest acknowledged draft per (labeler, item)
    const replayMismatches: string[] = [];
    let abandoned = 0;
    let duplicates = 0;
    const started = Date.now();
    const end = started + SECONDS * 1000;
    const pick = () => instances[Math.floor(Math.random() * instances.length)]!;

    /** Retries a call on network errors and 5xx (another instance each time) until it answers or time is up. */
    const persist = async (make: (base: string) => Promise<Answer>, until: number): Promise<Answer> => {
      for (let attempt = 0; ; attempt += 1) {
        const answer = await make(pick().base);
        if (answer.status !== 0 && answer.status < 500) return answer;
        if (Date.now() > until) return answer;
        await sleep(Math.min(2000, 100 * 2 ** attempt) * between(0.5, 1.5));
      }
    };

    const labeler = async (who: (typeof labelers)[number]) => {
      while (Date.now() < end) {
        const project = Math.random() < 0.7 ? ranking : demo;
        const claimed = await persist(
          (base) => call(`${base}/api/projects/${project.slug}/tasks/next`, who.token, "POST"),
          end,
        );
        if (claimed.status === 204) {
          await sleep(1000);
          continue;
        }
        if (claimed.status !== 200) {
          if (claimed.status !== 0 && claimed.status < 500) countError(`claim ${claimed.status}`);
          continue;
        }
        const task = (claimed.body as { task: { id: string; item: { id: string; completions: { id: string }[] } } })
          .task;
        await sleep(between(300, 1500));
        if (project === demo) {
          const text = `draft ${randomUUID()}`;
          const saved = await call(`${pick().base}/api/tasks/${task.id}/draft`, who.token, "PUT", { text });
          if (saved.status === 200)
            drafts.set(`${who.id}:${task.item.id}`, { labeler: who.id, itemId: task.item.id, text });
          await sleep(between(200, 800));
        }
        if (Math.random() < ABANDON) {
          // Walks away: the lease expires and its slot goes back to the queue.
          abandoned += 1;
          await sleep(Math.min((LEASE_SECONDS + 2) * 1000, Math.max(0, end - Date.now())));
          continue;
        }
        const key = randomUUID();
        const body =
          project === demo
            ? { text: `A reply written during the soak by ${who.id.slice(0, 8)}.` }
            : { ranking: task.item.completions.map((c) => [c.id]), strength: 2 };
        // Acknowledged submits are retried until they answer, past the deadline if need be.
        const submitted = await persist(
          (base) => call(`${base}/api/tasks/${task.id}/submit`, who.token, "POST", body, key),
          end + 60_000,
        );
        if (submitted.status === 201 || submitted.status === 200) {
          const annotationId = String((submitted.body as { annotationId: string }).annotationId);
          acks.push({ labeler: who.id, key, annotationId });
          if (Math.random() < DUPLICATE_SUBMIT) {
            duplicates += 1;
            const again = await persist(
              (base) => call(`${base}/api/tasks/${task.id}/submit`, who.token, "POST", body, key),
              end + 60_000,
            );
            const replayed = (again.body as { annotationId?: string } | null)?.annotationId;
            if (replayed !== annotationId)
              replayMismatches.push(`${key}: ${annotationId} then ${replayed ?? again.status}`);
          }
        } else if (submitted.status === 409) countError("submit 409 (lease lost)");
        else countError(`submit ${submitted.status}`);
      }
    };

    const recovery: { fault: string; seconds: number }[] = [];
    const faults = (async () => {
      await sleep((SECONDS * 1000) / 3);
      const victim = instances[0]!;
      console.log(`  ${round((Date.now() - started) / 1000)} s: SIGKILL instance ${victim.name}, restarting it`);
      const killedAt = Date.now();
      victim.process?.kill("SIGKILL");
      startInstance(victim, url, secret);
      await waitForHealthy(`${victim.base}/api/health`, 60_000);
      recovery.push({
        fault: `instance ${victim.name} killed (SIGKILL) and restarted`,
        seconds: round((Date.now() - killedAt) / 1000),
      });

      await sleep(Math.max(0, started + (2 * SECONDS * 1000) / 3 - Date.now()));
      console.log(`  ${round((Date.now() - started) / 1000)} s: restarting PostgreSQL`);
      const stoppedAt = Date.now();
      await database.stop();
      const down = await fetch(`${instances[1]!.base}/api/health`).then(
        (r) => r.status,
        () => 0,
      );
      database = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, persistent: true, quiet: true });
      await Promise.all(instances.map((i) => waitForHealthy(`${i.base}/api/health`, 60_000)));
      const probe = new pg.Client({ connectionString: url });
      await probe.connect();
      const since = (await probe.query<{ t: Date }>("SELECT pg_postmaster_start_time() AS t")).rows[0]!.t;
      await probe.end();
      if (since.getTime() < stoppedAt - 1000) throw new Error("PostgreSQL did not restart");
      recovery.push({
        fault: `PostgreSQL stopped and started again (the apps kept running; their health check answered ${down} while it was down)`,
        seconds: round((Date.now() - stoppedAt) / 1000),
      });
    })();

    await Promise.all([...labelers.map(labeler), faults]);
    const elapsed = (Date.now() - started) / 1000;
    console.log(`  labelers done after ${round(elapsed)} s; waiting for leases to expire and be swept…`);
    await sleep((LEASE_SECONDS + SWEEP_SECONDS * 2 + 2) * 1000);

    const check = new pg.Client({ connectionString: url });
    await check.connect();
    const one = async (sql: string, params: unknown[] = []) =>
      Number((await check.query<{ n: string }>(sql, params)).rows[0]!.n);
    const ackIds = [...new Set(acks.map((a) => a.annotationId))];
    const storedAcks = await one("SELECT count(*) AS n FROM annotations WHERE id = ANY($1::uuid[])", [ackIds]);
    const ackKeysStoredTwice = await one(
      `SELECT count(*) AS n FROM (SELECT 1 FROM annotations a JOIN unnest($1::uuid[], $2::text[]) k(labeler, key)
         ON a.labeler_id = k.labeler AND a.idempotency_key = k.key GROUP BY k.labeler, k.key HAVING count(*) <> 1) x`,
      [acks.map((a) => a.labeler), acks.map((a) => a.key)],
    );
    const lostDrafts = [...drafts.values()];
    const draftsLost = await one(
      `SELECT count(*) AS n FROM unnest($1::uuid[], $2::uuid[], $3::text[]) d(labeler, item, text)
        WHERE NOT EXISTS (SELECT 1 FROM annotations a WHERE a.item_id = d.item AND a.labeler_id = d.labeler)
          AND NOT EXISTS (SELECT 1 FROM drafts x WHERE x.item_id = d.item AND x.labeler_id = d.labeler AND x.text = d.text)`,
      [lostDrafts.map((d) => d.labeler), lostDrafts.map((d) => d.itemId), lostDrafts.map((d) => d.text)],
    );
    // Every queue invariant: after the sweep has run, no slot is leased past its expiry either.
    const invariants = Object.keys(QUEUE_INVARIANTS) as QueueInvariant[];
    const violations = await countViolations(check, null, invariants);
    const checks: [string, number][] = [
      ...invariants.map((name): [string, number] => [QUEUE_INVARIANTS[name].description, violations[name]]),
      ["acknowledged submits not stored", ackIds.length - storedAcks],
      ["acknowledged submits stored other than exactly once", ackKeysStoredTwice],
      ["repeated submits answered with another annotation", replayMismatches.length],
      ["acknowledged drafts lost", draftsLost],
    ];
    const stored = await one("SELECT count(*) AS n FROM annotations");
    await check.end();

    const failed = checks.filter(([, n]) => n !== 0);
    const errorList = [...errors].sort((a, b) => b[1] - a[1]);
    const summary = {
      seconds: round(elapsed),
      labelers: LABELERS,
      acknowledgedSubmits: acks.length,
      cyclesPerSecond: round(acks.length / elapsed),
      annotationsStored: stored,
      draftsAcknowledged: drafts.size,
      abandoned,
      duplicateSubmits: duplicates,
      errors: Object.fromEntries(errorList),
      recovery,
      checks: Object.fromEntries(checks),
    };
    console.log(JSON.stringify(summary, null, 2));
    console.log(
      failed.length ? `✘ ${failed.map(([name, n]) => `${name}: ${n}`).join("; ")}` : "✔ every guarantee held",
    );
    if (!short && !process.env.SOAK_SECONDS) writeReliabilitySection(summary, checks, errorList);
    if (failed.length) process.exitCode = 1;
  } finally {
    for (const instance of instances) instance.process?.kill("SIGTERM");
    await sleep(500);
    for (const instance of instances) instance.process?.kill("SIGKILL");
    await database.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  }
}

function writeReliabilitySection(
  summary: {
    seconds: number;
    acknowledgedSubmits: number;
    cyclesPerSecond: number;
    annotationsStored: number;
    draftsAcknowledged: number;
    abandoned: number;
    duplicateSubmits: number;
    recovery: { fault: string; seconds: number }[];
  },
  checks: [string, number][],
  errorList: [string, number][],
) {
  const body = `Measured ${new Date().toISOString().slice(0, 10)} on ${machine()} with \`npm run soak\` (${LABELERS} labelers, ${summary.seconds} s,
two app instances, leases of ${LEASE_SECONDS} s, expiry sweep every ${SWEEP_SECONDS} s):

- ${summary.acknowledgedSubmits.toLocaleString("en")} acknowledged submits (${summary.cyclesPerSecond}/s with think time), ${summary.annotationsStored.toLocaleString("en")} answers stored,
  ${summary.draftsAcknowledged.toLocaleString("en")} drafts acknowledged, ${summary.abandoned} tasks abandoned, ${summary.duplicateSubmits} submits repeated with the same key.
- Recovery: ${summary.recovery.map((r) => `${r.fault}: ${r.seconds} s`).join("; ")}.
- Errors seen by the labelers (all retried): ${errorList.length ? errorList.map(([kind, n]) => `${kind} ${n}`).join(", ") : "none"}.

| check | found |
|---|---|
${checks.map(([name, n]) => `| ${name} | ${n} |`).join("\n")}`;
  writeDocSection(root, "RELIABILITY.md", "# Reliability\n", "soak", body);
  console.log("Wrote docs/RELIABILITY.md");
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
