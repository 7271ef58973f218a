// Generation jobs against the OpenAI-protocol stub (scripts/openai-stub) that this file starts,
// through the real `openai` SDK and pg-boss: success, 429 with Retry-After, 500s, answers past
// the timeout, malformed JSON, an endpoint down for the whole job, cancel and resume, an
// idempotent re-run, and a worker process killed mid-job (no duplicates, nothing missing).
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { cancelGeneration } from "@/lib/server/generation/cancel-generation";
import { generationJobDetail, generationJobView, type GenerationJobView } from "@/lib/server/generation/job-view";
import { resumeGeneration } from "@/lib/server/generation/resume-generation";
import { startGeneration } from "@/lib/server/generation/start-generation";
import { startGenerationWorker, type GenerationWorker } from "@/lib/server/generation/worker";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { makeMember, makeProject, makeUser, uniqueSuffix } from "../support/factories";

// Short limits so that retries, timeouts and a dead worker's expiry take seconds.
const SETTINGS = {
  GENERATION_TIMEOUT_SECONDS: "2",
  GENERATION_RETRY_LIMIT: "2",
  GENERATION_RETRY_DELAY_SECONDS: "1",
  GENERATION_MAINTENANCE_SECONDS: "1",
};
Object.assign(process.env, SETTINGS);

const root = path.resolve(__dirname, "..", "..");
let stub: OpenAIStub;
let worker: GenerationWorker | null = null;
let adminId: string;

beforeAll(async () => {
  stub = await startOpenAIStub({});
  adminId = (await makeUser("admin")).id;
  worker = await startGenerationWorker({ discoverMs: 200, idleMs: 50, log: () => {} });
});

afterAll(async () => {
  await worker?.stop(5000);
  await stub.close();
  await db.$disconnect();
});

async function endpoint(model = "stub-careful", settings: { maxConcurrency?: number; baseUrl?: string } = {}) {
  const created = await createModelEndpoint(
    {
      name: `e-${uniqueSuffix()}`,
      baseUrl: settings.baseUrl ?? stub.url,
      model,
      maxConcurrency: settings.maxConcurrency ?? 4,
    },
    null,
  );
  return created.name;
}

/** A ranking project (2 to 9 completions) with `n` prompts imported without completions. */
async function promptsProject(n: number) {
  const project = await makeProject("ranking", 1);
  const prefix = `q-${uniqueSuffix()}`;
  await addItems(
    project.slug,
    Array.from({ length: n }, (_, i) => ({
      externalId: `${prefix}-${i}`,
      messages: [{ role: "user" as const, content: `Question ${i}: how do tides work?` }],
    })),
  );
  return project;
}

async function waitForEnd(id: string, timeoutMs = 30_000): Promise<GenerationJobView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await generationJobView(id);
    if (job.status !== "queued" && job.status !== "running") return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${job.status}: ${JSON.stringify(job)}`);
    await sleep(100);
  }
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("condition not reached in time");
    await sleep(50);
  }
}

/** Every item's completions: positions 0..n-1, and no generation key twice. */
async function completionsOf(projectId: string) {
  const { rows } = await pool().query<{ item_id: string; positions: number[]; keys: string[]; models: string[] }>(
    `SELECT i.id AS item_id,
            coalesce(array_agg(c.position ORDER BY c.position) FILTER (WHERE c.id IS NOT NULL), '{}') AS positions,
            coalesce(array_agg(g.generation_key) FILTER (WHERE g.generation_key IS NOT NULL), '{}') AS keys,
            coalesce(array_agg(c.model ORDER BY c.position) FILTER (WHERE c.id IS NOT NULL), '{}') AS models
       FROM items i LEFT JOIN completions c ON c.item_id = i.id
       LEFT JOIN completion_generations g ON g.completion_id = c.id
      WHERE i.project_id = $1 GROUP BY i.id`,
    [projectId],
  );
  return rows;
}

const requestsFor = (model: string) =>
  stub.requests.filter(
    (r) => r.path === "/v1/chat/completions" && (r.body as { model?: string } | null)?.model === model,
  );

describe("generation jobs", () => {
  it("generates every endpoint × sample for prompts waiting without completions; labelers then get them, unnamed", async () => {
    stub.set({ latencyMs: 0, failNext: null, malformedNext: 0 });
    const project = await promptsProject(5);
    const labeler = await makeMember(project.slug);
    // Waiting for generation: not served.
    expect(await claimNextTask(labeler, project.slug)).toBeNull();
    const careful = await endpoint("stub-careful");
    const terse = await endpoint("stub-terse");

    const started = await startGeneration({
      slug: project.slug,
      input: { models: [careful, terse] },
      actorId: adminId,
    });
    expect(started).toMatchObject({ status: "queued", items: 5, requests: 10, completions: 0 });
    const job = await waitForEnd(started.id);
    expect(job).toMatchObject({ status: "completed", items: 5, itemsDone: 5, completions: 10, failed: 0, pending: 0 });
    expect(job.promptTokens).toBeGreaterThan(0);
    expect(job.completionTokens).toBeGreaterThan(0);

    for (const item of await completionsOf(project.id)) {
      expect(item.positions).toEqual([0, 1]);
      expect(new Set(item.keys).size).toBe(2);
      expect([...item.models].sort()).toEqual([careful, terse].sort());
    }
    const { rows } = await pool().query(`SELECT g.* FROM completion_generations g WHERE g.job_id = $1`, [started.id]);
    expect(rows).toHaveLength(10);
    for (const row of rows) {
      expect(row.finish_reason).toBe("stop");
      expect(row.latency_ms).toBeGreaterThanOrEqual(0);
      expect(row.prompt_tokens).toBeGreaterThan(0);
      expect(row.completion_tokens).toBeGreaterThan(0);
      expect(["stub-careful", "stub-terse"]).toContain(row.model);
      expect(row.params).toBeTypeOf("object");
    }

    // Now served, and the task does not say which model wrote which reply.
    const task = await claimNextTask(labeler, project.slug);
    expect(task?.item.completions).toHaveLength(2);
    const body = JSON.stringify(task);
    expect(body).not.toContain(careful);
    expect(body).not.toContain(terse);
    expect(body).not.toContain("stub-");
    expect(body).not.toMatch(/"model"|endpoint/i);
  });

  it("sends an item's tool calls, tool results and tools as OpenAI's API takes them", async () => {
    stub.set({ latencyMs: 0, failNext: null, malformedNext: 0 });
    const project = await promptsProject(1);
    const call = { id: "call_1", type: "function", function: { name: "weather", arguments: '{"city":"Oslo"}' } };
    const tools = [{ type: "function", function: { name: "weather", parameters: { type: "object" } } }];
    await pool().query(`UPDATE items SET messages = $2::jsonb, metadata = $3::jsonb WHERE project_id = $1`, [
      project.id,
      JSON.stringify([
        { role: "user", content: "Weather in Oslo?" },
        { role: "assistant", content: "", tool_calls: [call] },
        { role: "tool", tool_call_id: "call_1", name: "weather", content: "12 C" },
      ]),
      JSON.stringify({ tools }),
    ]);
    const model = await endpoint("stub-terse");
    const job = await waitForEnd(
      (await startGeneration({ slug: project.slug, input: { models: [model] }, actorId: adminId })).id,
    );
    expect(job).toMatchObject({ status: "completed", completions: 1 });
    const sent = requestsFor("stub-terse").at(-1)!.body as { messages: unknown[]; tools: unknown };
    expect(sent.messages).toEqual([
      { role: "user", content: "Weather in Oslo?" },
      { role: "assistant", tool_calls: [call] },
      { role: "tool", tool_call_id: "call_1", content: "12 C" },
    ]);
    expect(sent.tools).toEqual(tools);
  });

  it("re-running the same request creates nothing; more samples add only the new ones", async () => {
    stub.set({ latencyMs: 0, failNext: null, malformedNext: 0 });
    const project = await promptsProject(3);
    const careful = await endpoint();
    const first = await waitForEnd(
      (await startGeneration({ slug: project.slug, input: { models: [careful] }, actorId: null })).id,
    );
    // One completion per item: under the minimum of 2, so the items are still candidates.
    expect(first).toMatchObject({ status: "completed", completions: 3 });
    const sent = requestsFor("stub-careful").length;

    const again = await startGeneration({ slug: project.slug, input: { models: [careful] }, actorId: null });
    expect(again).toMatchObject({ status: "completed", items: 0, requests: 0, completions: 0 });
    expect(requestsFor("stub-careful").length).toBe(sent);

    const more = await waitForEnd(
      (await startGeneration({ slug: project.slug, input: { models: [careful], samples: 2 }, actorId: null })).id,
    );
    expect(more).toMatchObject({ status: "completed", items: 3, requests: 3, completions: 3 });
    for (const item of await completionsOf(project.id)) expect(item.positions).toEqual([0, 1]);
  });

  it("never has more requests in flight to an endpoint than its maximum, with two worker processes", async () => {
    // A server that counts the requests it holds at once (each answered after 200 ms).
    let inFlight = 0;
    let most = 0;
    const counting = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        setTimeout(() => {
          inFlight -= 1;
          res.writeHead(200, { "content-type": "application/json" });
          res.end(
            JSON.stringify({
              id: "c",
              object: "chat.completion",
              created: 0,
              model: "counting",
              choices: [{ index: 0, message: { role: "assistant", content: "ok" }, finish_reason: "stop" }],
              usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
            }),
          );
        }, 200);
      });
    });
    await new Promise<void>((resolve) => counting.listen(0, "127.0.0.1", resolve));
    const port = (counting.address() as AddressInfo).port;
    const other = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
      cwd: root,
      env: { ...process.env, ...SETTINGS, DATABASE_URL: process.env.TEST_DATABASE_URL },
      stdio: "ignore",
    });
    try {
      await sleep(1500); // the second worker is up
      const project = await promptsProject(16);
      const name = await endpoint("counting", { baseUrl: `http://127.0.0.1:${port}/v1`, maxConcurrency: 3 });
      const job = await waitForEnd(
        (await startGeneration({ slug: project.slug, input: { models: [name] }, actorId: null })).id,
      );
      expect(job).toMatchObject({ status: "completed", completions: 16 });
      expect(most).toBe(3);
    } finally {
      other.kill("SIGTERM");
      await new Promise((resolve) => other.once("exit", resolve));
      await new Promise((resolve) => counting.close(resolve));
    }
  }, 60_000);

  it("holds an endpoint's requests per minute across its lanes", async () => {
    stub.set({ latencyMs: 0, failNext: null, malformedNext: 0 });
    const project = await promptsProject(4);
    const created = await createModelEndpoint(
      { name: `e-${uniqueSuffix()}`, baseUrl: stub.url, model: "stub-terse", maxConcurrency: 4, requestsPerMinute: 60 },
      null,
    );
    const startedAt = Date.now();
    const job = await waitForEnd(
      (await startGeneration({ slug: project.slug, input: { models: [created.name] }, actorId: null })).id,
    );
    expect(job).toMatchObject({ status: "completed", completions: 4 });
    // 60 a minute is one a second, a bucket of one: the fourth request waits about 3 s.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2800);
  });

  it("waits out a 429's Retry-After, then succeeds", async () => {
    stub.set({ latencyMs: 0, failNext: { count: 1, status: 429, retryAfterSeconds: 1 }, malformedNext: 0 });
    const project = await promptsProject(1);
    const name = await endpoint("stub-rambling", { maxConcurrency: 1 });
    const before = requestsFor("stub-rambling").length;
    const startedAt = Date.now();
    const job = await waitForEnd(
      (await startGeneration({ slug: project.slug, input: { models: [name] }, actorId: null })).id,
    );
    expect(job).toMatchObject({ status: "completed", completions: 1, failed: 0 });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
    expect(
      requestsFor("stub-rambling")
        .slice(before)
        .map((r) => r.status),
    ).toEqual([429, 200]);
    const { rows } = await pool().query("SELECT t.attempts FROM generation_tasks t WHERE t.job_id = $1", [job.id]);
    expect(rows[0].attempts).toBe(2);
  });

  it("retries 500s, and records on its item a request whose retries are spent while the job goes on", async () => {
    stub.set({ latencyMs: 0, failNext: null, malformedNext: 0 });
    const project = await promptsProject(2);
    const name = await endpoint("stub-terse", { maxConcurrency: 1 });
    // Two 500s then success: within the retry limit (2).
    stub.set({ failNext: { count: 2, status: 500 } });
    const job = await waitForEnd(
      (await startGeneration({ slug: project.slug, input: { models: [name] }, actorId: null })).id,
    );
    expect(job).toMatchObject({ status: "completed", completions: 2, failed: 0 });

    // Two requests on one lane: the first answers; the second (in the stub's 300 ms when the
    // first is counted) gets three 500s, its retries spent: an error on that item, job goes on.
    stub.set({ latencyMs: 300 });
    const more = await startGeneration({ slug: project.slug, input: { models: [name], samples: 2 }, actorId: null });
    await waitUntil(async () => (await generationJobView(more.id)).completions >= 1);
    stub.set({ failNext: { count: 3, status: 500 } });
    const ended = await waitForEnd(more.id);
    expect(ended).toMatchObject({ status: "completed", requests: 2, completions: 1, failed: 1 });
    const detail = await generationJobDetail(more.id);
    expect(detail.errors).toHaveLength(1);
    expect(detail.errors[0]).toMatchObject({ kind: "server", attempts: 3, model: name });
    expect(detail.errors[0]!.error).toContain("500");
  });

  it("retries an answer slower than the timeout", async () => {
    stub.set({ latencyMs: 2500, failNext: null, malformedNext: 0 });
    const project = await promptsProject(1);
    const name = await endpoint("stub-careful", { maxConcurrency: 1 });
    const before = requestsFor("stub-careful").length;
    const started = await startGeneration({ slug: project.slug, input: { models: [name] }, actorId: null });
    await waitUntil(async () => requestsFor("stub-careful").length > before);
    stub.set({ latencyMs: 0 });
    const job = await waitForEnd(started.id);
    expect(job).toMatchObject({ status: "completed", completions: 1 });
    const { rows } = await pool().query("SELECT attempts FROM generation_tasks WHERE job_id = $1", [job.id]);
    expect(rows[0].attempts).toBe(2);
  });

  it("records malformed JSON and a 400 on their items, and the job goes on", async () => {
    stub.set({ latencyMs: 0, failNext: null, malformedNext: 0 });
    const project = await promptsProject(4);
    const name = await endpoint("stub-careful", { maxConcurrency: 1 });
    stub.set({ malformedNext: 1 });
    const job = await waitForEnd(
      (await startGeneration({ slug: project.slug, input: { models: [name] }, actorId: null })).id,
    );
    expect(job).toMatchObject({ status: "completed", completions: 3, failed: 1 });
    const detail = await generationJobDetail(job.id);
    expect(detail.errors[0]).toMatchObject({ kind: "bad_response", attempts: 1 });
    expect(detail.errors[0]!.error).toMatch(/not valid JSON/);

    const other = await promptsProject(3);
    stub.set({ failNext: { count: 1, status: 400 } });
    const refused = await waitForEnd(
      (await startGeneration({ slug: other.slug, input: { models: [name] }, actorId: null })).id,
    );
    expect(refused).toMatchObject({ status: "completed", completions: 2, failed: 1 });
    expect((await generationJobDetail(refused.id)).errors[0]).toMatchObject({ kind: "refused", attempts: 1 });
  });

  it("ends failed with the reason when the endpoint is down for the whole job, items untouched", async () => {
    const project = await promptsProject(3);
    // A port nothing listens on.
    const closed = await startOpenAIStub({});
    const url = closed.url;
    await closed.close();
    const name = await endpoint("stub-careful", { baseUrl: url, maxConcurrency: 2 });
    const job = await waitForEnd(
      (await startGeneration({ slug: project.slug, input: { models: [name] }, actorId: null })).id,
      60_000,
    );
    expect(job.status).toBe("failed");
    expect(job.error).toContain(`endpoint ${name} is unreachable`);
    expect(job.error).toContain("connection refused");
    expect(job.completions).toBe(0);
    for (const item of await completionsOf(project.id)) expect(item.positions).toEqual([]);
  }, 60_000);

  it("cancel stops new requests promptly; resume sends what is missing, once", async () => {
    stub.set({ latencyMs: 300, failNext: null, malformedNext: 0 });
    const project = await promptsProject(12);
    const name = await endpoint("stub-terse", { maxConcurrency: 2 });
    const started = await startGeneration({ slug: project.slug, input: { models: [name] }, actorId: adminId });
    await waitUntil(async () => (await generationJobView(started.id)).completions >= 2);
    const cancelled = await cancelGeneration(started.id, adminId);
    expect(cancelled.status).toBe("cancelled");
    await sleep(800); // requests in flight (at most 2) finish
    const sentAfterCancel = requestsFor("stub-terse").length;
    await sleep(1000);
    expect(requestsFor("stub-terse").length).toBe(sentAfterCancel);
    const stopped = await generationJobView(started.id);
    expect(stopped.completions).toBeLessThan(12);
    await expect(cancelGeneration(started.id, adminId)).rejects.toThrow(/nothing to cancel/);

    stub.set({ latencyMs: 0 });
    const resumed = await resumeGeneration(started.id, adminId);
    expect(resumed.status).toBe("queued");
    const job = await waitForEnd(resumed.id);
    expect(job).toMatchObject({ status: "completed", completions: 12, failed: 0, pending: 0 });
    for (const item of await completionsOf(project.id)) expect(item.positions).toEqual([0]);
  });

  it("a worker killed mid-job leaves no duplicate and nothing missing", async () => {
    await worker?.stop(5000);
    worker = null;
    stub.set({ latencyMs: 400, failNext: null, malformedNext: 0 });
    const project = await promptsProject(10);
    const name = await endpoint("stub-rambling", { maxConcurrency: 4 });
    const spawnWorker = (): ChildProcess =>
      spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
        cwd: root,
        env: { ...process.env, ...SETTINGS, DATABASE_URL: process.env.TEST_DATABASE_URL },
        stdio: "ignore",
      });
    const stopped = (child: ChildProcess) =>
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((resolve) => child.once("exit", resolve));
    const first = spawnWorker();
    let second: ChildProcess | null = null;
    try {
      const started = await startGeneration({ slug: project.slug, input: { models: [name] }, actorId: null });
      await waitUntil(async () => (await generationJobView(started.id)).completions >= 2, 30_000);
      first.kill("SIGKILL");
      await stopped(first);
      second = spawnWorker();
      stub.set({ latencyMs: 0 });
      const job = await waitForEnd(started.id, 60_000);
      expect(job).toMatchObject({ status: "completed", completions: 10, failed: 0 });
      for (const item of await completionsOf(project.id)) {
        expect(item.positions).toEqual([0]);
        expect(item.keys).toHaveLength(1);
      }
    } finally {
      first.kill("SIGKILL");
      await stopped(first);
      if (second) {
        second.kill("SIGTERM");
        await stopped(second);
      }
      worker = await startGenerationWorker({ discoverMs: 200, idleMs: 50, log: () => {} });
    }
  }, 90_000);
});
