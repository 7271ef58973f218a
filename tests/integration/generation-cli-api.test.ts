// Generation as operators drive it: the CLI (`generate`, `--wait`, `--cancel`, `--resume`,
// `generation show`) and the HTTP API (start 202, read, cancel), admins only. The CLI and the
// worker are processes of their own (as `npm run -s cli` and `npm run worker` start them); the
// CLI is run asynchronously, so that the stub in this process keeps answering meanwhile.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as resumeRoute } from "@/app/api/generations/[id]/resume/route";
import { DELETE as cancelRoute, GET as readRoute } from "@/app/api/generations/[id]/route";
import { GET as listRoute, POST as startRoute } from "@/app/api/projects/[slug]/generations/route";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db/client";
import { applyMigrations } from "@/lib/server/db/migrate";
import { addItems } from "@/lib/server/items/add-items";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { makeProject, makeUser, uniqueSuffix } from "../support/factories";
import { MIGRATIONS_DIR } from "../support/test-database";

let stub: OpenAIStub;
let worker: ChildProcess | null = null;
let endpointName: string;

function startWorker(databaseUrl = process.env.TEST_DATABASE_URL): ChildProcess {
  return spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: "ignore",
  });
}

const root = path.resolve(__dirname, "..", "..");

/** The CLI as runCli (tests/support/run-cli.ts) runs it, without blocking this process. */
function runCli(
  args: string[],
  databaseUrl = process.env.TEST_DATABASE_URL,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "cli/main.ts", ...args],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

const scratch: string[] = [];

/** A database of its own on the test server, migrated. */
async function scratchDatabase(): Promise<string> {
  const name = `scratch_${uniqueSuffix()}`;
  const admin = new pg.Client({ connectionString: process.env.TEST_SERVER_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  scratch.push(name);
  const url = new URL(process.env.TEST_SERVER_URL!);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString(), MIGRATIONS_DIR);
  return url.toString();
}

async function stopWorker() {
  const child = worker;
  worker = null;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
}

beforeAll(async () => {
  stub = await startOpenAIStub({});
  endpointName = (
    await createModelEndpoint({ name: `cli-${uniqueSuffix()}`, baseUrl: stub.url, model: "stub-careful" }, null)
  ).name;
  worker = startWorker();
});
afterAll(async () => {
  await stopWorker();
  const admin = new pg.Client({ connectionString: process.env.TEST_SERVER_URL });
  await admin.connect();
  for (const name of scratch) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
  await stub.close();
  await db.$disconnect();
});

async function prompts(n: number) {
  const project = await makeProject("comparison", 1);
  await addItems(
    project.slug,
    Array.from({ length: n }, (_, i) => ({
      externalId: `x-${i}`,
      messages: [{ role: "user" as const, content: `Question ${i}?` }],
    })),
  );
  return project;
}

describe("generate (CLI)", () => {
  it("--wait prints the finished job; the same request again generates nothing", async () => {
    const project = await prompts(3);
    const run = await runCli([
      "generate",
      "--project",
      project.slug,
      "--models",
      endpointName,
      "--samples",
      "2",
      "--wait",
    ]);
    expect(run.code).toBe(0);
    const { job } = JSON.parse(run.stdout) as { job: Record<string, unknown> };
    expect(job).toMatchObject({ status: "completed", items: 3, completions: 6, failed: 0 });
    expect(job.promptTokens).toEqual(expect.any(Number));
    expect(job.completionTokens).toEqual(expect.any(Number));

    const again = await runCli(["generate", "--project", project.slug, "--models", endpointName, "--samples", "2"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).job).toMatchObject({ status: "completed", items: 0, completions: 0 });

    const show = await runCli(["generation", "show", "--id", String(job.id)]);
    expect(JSON.parse(show.stdout)).toMatchObject({ job: { id: job.id, status: "completed" }, errors: [] });
    const cancel = await runCli(["generate", "--cancel", String(job.id)]);
    expect(cancel.code).toBe(1);
    expect(cancel.stderr).toContain("the job has ended (completed): nothing to cancel");
  });

  it("refuses unknown models and bad samples with the API's words", async () => {
    const project = await prompts(1);
    const unknown = await runCli(["generate", "--project", project.slug, "--models", "nope"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no model endpoint named nope");
    const samples = await runCli(["generate", "--project", project.slug, "--models", endpointName, "--samples", "10"]);
    expect(samples.code).toBe(1);
    expect(samples.stderr).toContain("samples: 1 to 9");
    const both = await runCli(["generate", "--cancel", "x", "--resume", "y"]);
    expect(both.code).toBe(2);
  });

  it("--wait says so and exits 2 when no worker picks the job up within 10 s; cancel and resume by id", async () => {
    // A database of its own: the workers of the other test files, which serve every job of the
    // shared database, never see this one.
    const url = await scratchDatabase();
    const cli = (args: string[]) => runCli(args, url);
    const slug = `nw-${uniqueSuffix()}`;
    expect((await cli(["project", "create", "--slug", slug, "--kind", "comparison"])).code).toBe(0);
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "gen-")), "prompts.jsonl");
    await writeFile(file, '{"prompt": "Why is the sky blue?"}\n{"prompt": "How do tides work?"}\n');
    expect((await cli(["import", "--project", slug, "--file", file])).code).toBe(0);
    const name = `nw-${uniqueSuffix()}`;
    expect((await cli(["model", "add", "--name", name, "--base-url", stub.url, "--model", "stub-careful"])).code).toBe(
      0,
    );

    const run = await cli(["generate", "--project", slug, "--models", name, "--wait"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no worker picked the job up within 10 s");
    const { job } = JSON.parse(run.stdout) as { job: { id: string; status: string } };
    expect(job.status).toBe("queued");

    const cancelled = await cli(["generate", "--cancel", job.id]);
    expect(cancelled.code).toBe(0);
    expect(JSON.parse(cancelled.stdout).job.status).toBe("cancelled");
    const scratchWorker = startWorker(url);
    try {
      const resumed = await cli(["generate", "--resume", job.id, "--wait"]);
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout).job).toMatchObject({ status: "completed", completions: 2 });
    } finally {
      scratchWorker.kill("SIGTERM");
      await new Promise((resolve) => scratchWorker.once("exit", resolve));
    }
  }, 90_000);
});

describe("/api/projects/{slug}/generations and /api/generations/{id}", () => {
  it("starts (202), reads, lists, cancels and resumes for admins; labelers get 403", async () => {
    const admin = (await createApiToken((await makeUser("admin")).email, null)).token;
    const labeler = (await createApiToken((await makeUser()).email, null)).token;
    const project = await prompts(2);
    const call = (token: string, method: string, body?: unknown) =>
      new Request("http://localhost/api", {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const slugParams = { params: Promise.resolve({ slug: project.slug }) };

    expect((await startRoute(call(labeler, "POST", { models: [endpointName] }), slugParams)).status).toBe(403);
    const bad = await startRoute(call(admin, "POST", { models: [] }), slugParams);
    expect(bad.status).toBe(400);

    stub.set({ latencyMs: 1500 });
    const started = await startRoute(call(admin, "POST", { models: [endpointName], samples: 1 }), slugParams);
    expect(started.status).toBe(202);
    const { job } = (await started.json()) as { job: { id: string; status: string; items: number } };
    expect(job).toMatchObject({ status: "queued", items: 2 });
    const idParams = { params: Promise.resolve({ id: job.id }) };

    const read = await readRoute(call(admin, "GET"), idParams);
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ job: { id: job.id }, errors: [] });
    expect((await readRoute(call(labeler, "GET"), idParams)).status).toBe(403);
    const list = await listRoute(call(admin, "GET"), slugParams);
    expect(((await list.json()) as { jobs: { id: string }[] }).jobs.map((j) => j.id)).toEqual([job.id]);

    const cancelled = await cancelRoute(call(admin, "DELETE"), idParams);
    expect(cancelled.status).toBe(200);
    expect(((await cancelled.json()) as { job: { status: string } }).job.status).toBe("cancelled");
    expect((await cancelRoute(call(admin, "DELETE"), idParams)).status).toBe(409);
    stub.set({ latencyMs: 0 });
    const resumed = await resumeRoute(call(admin, "POST"), idParams);
    expect([202, 409]).toContain(resumed.status);
    const missing = await readRoute(call(admin, "GET"), { params: Promise.resolve({ id: "not-a-uuid" }) });
    expect(missing.status).toBe(404);
  });
});
