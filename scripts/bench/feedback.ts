// npm run bench:feedback: production feedback ingested over HTTP (POST /api/projects/{slug}/feedback,
// batches of 500, an admin's ingest token) by the production build served by server.mjs, beside
// PostgreSQL's COPY FROM STDIN of the same rows into the same table in the same run; and the app
// process's resident memory, sampled while it ingests (peak per tenth of the work; flat memory:
// the second half's peak within 15% of the first half's, i.e. it levels off instead of growing
// with the number of events).
// Goal (issue 15): at least 30% of COPY's events/s, and flat memory.
// Settings (env): BENCH_FEEDBACK_EVENTS (200000), BENCH_FEEDBACK_CONNECTIONS (4).
import { type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { applyMigrations } from "../../lib/server/db/migrate";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-postgres";
import { httpClient } from "./http-client";
import { startProductionApp } from "./production-app";
import { machine, round, writePerformanceSection } from "./report";

const root = path.resolve(__dirname, "..", "..");
const EVENTS = Number(process.env.BENCH_FEEDBACK_EVENTS ?? 200_000);
const CONNECTIONS = Number(process.env.BENCH_FEEDBACK_CONNECTIONS ?? 4);
const BATCH = 500;
const GOAL = 0.3;

const MODELS = ["assistant-v1", "assistant-v2", "assistant-v3"];

/** Event n: a two-turn conversation, a response of a few hundred characters, a rating; some with PII, edits, alternatives. */
function eventOf(n: number) {
  const pii =
    n % 10 === 0
      ? ` You can reach me at user${n}@example.com or +44 20 7946 ${String(n % 10_000).padStart(4, "0")}.`
      : "";
  const event: Record<string, unknown> = {
    id: `ev-${n}`,
    conversation: [
      { role: "system", content: "You are a helpful assistant for a software company." },
      {
        role: "user",
        content: `Question ${n}: how do I configure the export of my project to include only items with at least two answers?${pii}`,
      },
    ],
    response:
      `To export only items with at least two answers (request ${n}), open the project's Export tab, choose the format, ` +
      "and set the minimum number of answers to 2. The manifest beside the file records the filter, the row count and " +
      "a checksum, so that anyone can check what was exported and when.",
    rating: n % 3 === 0 ? "down" : n % 3 === 1 ? "up" : (n % 5) + 1,
    model: MODELS[n % MODELS.length],
    user: `u-${n % 997}`,
    consent: true,
    metadata: { app: "web", session: `s-${n % 5000}`, latencyMs: 300 + (n % 700) },
    occurredAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
  };
  if (n % 7 === 0) event.edit = `${event.response as string} (Edited: the minimum is under "Filters".)`;
  if (n % 11 === 0)
    event.alternatives = [
      { text: "Use the CLI: export --project S --format sft --min-annotations 2.", chosen: true },
      { text: "It cannot be done.", chosen: false },
    ];
  return event;
}

/** One COPY text-format field: backslash, tab, newline and carriage return escaped; null as \N. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");
}

/** The rows of feedback_events the ingest stores for the same events (without scrubbing: COPY does no work). */
function* copyLines(projectId: string) {
  for (let n = 0; n < EVENTS; n += 1) {
    const e = eventOf(n);
    const rating = e.rating as string | number;
    yield `${[
      randomUUID(),
      projectId,
      e.id,
      e.conversation,
      e.response,
      typeof rating === "string" ? String(rating === "up") : null,
      typeof rating === "number" ? String(rating) : null,
      e.edit ?? null,
      e.alternatives ?? null,
      e.model,
      e.user,
      "true",
      e.metadata,
      {},
      e.occurredAt,
    ]
      .map(copyField)
      .join("\t")}\n`;
  }
}

async function makeProject(client: pg.Client, slug: string): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO projects (id, slug, name, kind, overlap, min_completions, max_completions, flags, updated_at)
     VALUES ($1, $2, $2, 'comparison', 1, 2, 2, '{}', now())`,
    [id, slug],
  );
  return id;
}

/** An admin and an ingest token for them, written as the CLI would (only the token's sha256 is stored). */
async function ingestToken(client: pg.Client): Promise<string> {
  const userId = randomUUID();
  await client.query(
    `INSERT INTO users (id, email, name, role, password_hash, updated_at) VALUES ($1, 'bench@example.com', 'Bench', 'admin', 'x', now())`,
    [userId],
  );
  const token = `rlhf_${randomBytes(32).toString("base64url")}`;
  await client.query(
    `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, scopes) VALUES ($1, $2, 'bench', $3, $4, ARRAY['ingest'])`,
    [randomUUID(), userId, createHash("sha256").update(token).digest("hex"), token.slice(0, 11)],
  );
  return token;
}

/** Resident memory of a process, sampled every 100 ms: each sample with the share of the work done then. */
function sampleRss(pid: number, progress: () => number) {
  const samples: { at: number; rssMb: number }[] = [];
  const timer = setInterval(async () => {
    const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    if (match) samples.push({ at: progress(), rssMb: Number(match[1]) / 1024 });
  }, 100);
  return { samples, stop: () => clearInterval(timer) };
}

async function ingestOverHttp(base: string, slug: string, token: string, done: { events: number }) {
  const send = httpClient(base, CONNECTIONS);
  const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
  let next = 0;
  let accepted = 0;
  const worker = async () => {
    for (;;) {
      const start = next;
      if (start >= EVENTS) return;
      next += BATCH;
      const events = [];
      for (let n = start; n < Math.min(EVENTS, start + BATCH); n += 1) events.push(eventOf(n));
      const answer = await send("POST", `/api/projects/${slug}/feedback`, headers, JSON.stringify({ events }));
      if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.text.slice(0, 300)}`);
      const body = JSON.parse(answer.text) as { accepted: unknown[]; refused: { reason: string }[] };
      if (body.refused.length) throw new Error(`refused: ${body.refused[0]!.reason}`);
      accepted += body.accepted.length;
      done.events += events.length;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (performance.now() - started) / 1000;
  if (accepted !== EVENTS) throw new Error(`accepted ${accepted} of ${EVENTS}`);
  return seconds;
}

async function main() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-bench-feedback-"));
  console.log("Starting PostgreSQL…");
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    persistent: false,
    quiet: true,
  });
  let app: ChildProcess | undefined;
  try {
    await server.createDatabaseIfMissing("bench");
    const url = server.url("bench");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {}); // the server stops under it at the end
    await client.connect();
    const pgVersion = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v;
    await makeProject(client, "bench-http");
    const copyProject = await makeProject(client, "bench-copy");
    const token = await ingestToken(client);

    const started = await startProductionApp(root, { ...process.env, DATABASE_URL: url });
    app = started.app;
    // Warm-up: the route's first request compiles nothing in production, but loads its modules.
    const warm = httpClient(started.base, 1);
    const warmAnswer = await warm(
      "POST",
      "/api/projects/bench-http/feedback",
      { authorization: `Bearer ${token}`, "content-type": "application/json" },
      JSON.stringify({ events: [{ ...eventOf(0), id: "warm-up" }] }),
    );
    if (warmAnswer.status !== 200) throw new Error(`warm-up: HTTP ${warmAnswer.status} ${warmAnswer.text}`);

    console.log(`${EVENTS.toLocaleString("en")} events over HTTP, batches of ${BATCH}, ${CONNECTIONS} connections…`);
    const loadAverage = os.loadavg()[0]!.toFixed(1);
    const done = { events: 0 };
    const rss = sampleRss(app.pid!, () => done.events / EVENTS);
    const httpSeconds = await ingestOverHttp(started.base, "bench-http", token, done);
    rss.stop();

    console.log("COPY FROM STDIN of the same rows…");
    const copyStarted = performance.now();
    const copyClient = new pg.Client({ connectionString: url });
    await copyClient.connect();
    await pipeline(
      Readable.from(copyLines(copyProject)),
      copyClient.query(
        copyFrom(
          `COPY feedback_events (id, project_id, event_id, conversation, response, thumb, score, edit, alternatives,
                                 model, user_ref, consent, metadata, scrubbed, occurred_at) FROM STDIN`,
        ),
      ),
    );
    const copySeconds = (performance.now() - copyStarted) / 1000;
    await copyClient.end();
    const counts = (
      await client.query<{ slug: string; n: number }>(
        "SELECT p.slug, count(*)::int AS n FROM feedback_events f JOIN projects p ON p.id = f.project_id GROUP BY p.slug",
      )
    ).rows;
    await client.end();

    const httpRate = Math.round(EVENTS / httpSeconds);
    const copyRate = Math.round(EVENTS / copySeconds);
    const ratio = httpRate / copyRate;
    const peakOf = (from: number, to: number) =>
      round(Math.max(0, ...rss.samples.filter((s) => s.at >= from && s.at < to).map((s) => s.rssMb)));
    const memory = {
      before: round(rss.samples[0]?.rssMb ?? Number.NaN),
      firstHalfPeak: peakOf(0, 0.5),
      secondHalfPeak: peakOf(0.5, 1.01),
      peak: peakOf(0, 1.01),
    };
    const flat = memory.secondHalfPeak <= memory.firstHalfPeak * 1.15;
    const deciles = Array.from({ length: 10 }, (_, i) => peakOf(i / 10, (i + 1) / 10 + (i === 9 ? 0.01 : 0)));
    console.log(JSON.stringify({ httpRate, copyRate, ratio: round(ratio, 3), memory, deciles, counts }));
    writePerformanceSection(
      root,
      "bench:feedback",
      `## Feedback ingest (\`npm run bench:feedback\`)

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, PostgreSQL ${pgVersion} (embedded), everything on one
machine (the HTTP client too). ${EVENTS.toLocaleString("en")} generated events (two-message conversation, a response of
about 350 characters, a rating, metadata; every 10th with an e-mail address and a phone number to scrub, every 7th with an
edit, every 11th with alternatives) sent to the production build (\`server.mjs\`, one process) as \`POST
/api/projects/{slug}/feedback\` in batches of ${BATCH} over ${CONNECTIONS} kept-alive connections, with an admin's ingest
token: each batch authenticated, parsed, checked event by event, scrubbed and stored in one transaction (one \`INSERT ...
ON CONFLICT DO NOTHING\`). Baseline: \`COPY feedback_events FROM STDIN\` (pg-copy-streams, text format) of the same rows
into the same table, in the same run, from this process (no checks, no scrubbing). Memory: the app process's resident
set (VmRSS), sampled every 100 ms while it ingests. Load average when it started: ${loadAverage} (other work shares
this machine; both rates are measured under the same load).

| | events/s | share of COPY | goal |
|---|---|---|---|
| HTTP ingest, batches of ${BATCH} | ${httpRate.toLocaleString("en")} | ${Math.round(ratio * 100)}% | at least ${GOAL * 100}%: **${ratio >= GOAL ? "met" : "NOT met"}** |
| COPY FROM STDIN | ${copyRate.toLocaleString("en")} | 100% | |

| app RSS (MB) | at start | peak, first half | peak, second half | peak | flat (second half ≤ first + 15%) |
|---|---|---|---|---|---|
| | ${memory.before} | ${memory.firstHalfPeak} | ${memory.secondHalfPeak} | ${memory.peak} | ${flat ? "yes" : "**no**"} |

Peak RSS per tenth of the events sent (MB): ${deciles.join(", ")}.

Command: \`npm run bench:feedback\` (\`BENCH_FEEDBACK_EVENTS\`, \`BENCH_FEEDBACK_CONNECTIONS\`).`,
    );
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
