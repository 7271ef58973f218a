// Judges as operators drive them: the CLI (`judge add | list | run --wait`, `project set
// --show-judge-suggestions`) as its own process with a worker process, and the HTTP API
// (admins only: labelers get 403), including the 409 for removing an endpoint a judge uses.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as removeModelRoute } from "@/app/api/models/[id]/route";
import { GET as suggestionsRoute, PUT as setSuggestionsRoute } from "@/app/api/projects/[slug]/judge-suggestions/route";
import { GET as listRoute, POST as createRoute } from "@/app/api/projects/[slug]/judges/route";
import {
  DELETE as removeRoute,
  GET as readRoute,
  PATCH as patchRoute,
} from "@/app/api/projects/[slug]/judges/[name]/route";
import { POST as runRoute } from "@/app/api/projects/[slug]/judges/[name]/runs/route";
import { DELETE as cancelRoute, GET as runReadRoute } from "@/app/api/projects/[slug]/judges/[name]/runs/[id]/route";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { makeProject, makeUser, uniqueSuffix } from "../support/factories";

const root = path.resolve(__dirname, "..", "..");
let stub: OpenAIStub;
let worker: ChildProcess;
let endpoint: { id: string; name: string };

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "cli/main.ts", ...args],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  stub = await startOpenAIStub({});
  endpoint = await createModelEndpoint(
    { name: `judge-${uniqueSuffix()}`, baseUrl: stub.url, model: "judge-good" },
    null,
  );
  worker = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
    stdio: "ignore",
  });
});
afterAll(async () => {
  if (worker.exitCode === null) {
    worker.kill("SIGTERM");
    await new Promise((resolve) => worker.once("exit", resolve));
  }
  await stub.close();
  await db.$disconnect();
});

async function project(n: number) {
  const created = await makeProject("comparison", 1);
  await addItems(
    created.slug,
    Array.from({ length: n }, (_, i) => ({
      externalId: `x-${i}`,
      messages: [{ role: "user" as const, content: `Question ${i}?` }],
      completions: [{ text: "Short." }, { text: "A longer reply with details." }],
    })),
  );
  return created;
}

describe("judge (CLI)", () => {
  it("adds a judge with a prompt file, lists it, runs it with --wait, and turns suggestions on", async () => {
    const { slug } = await project(3);
    const dir = await mkdtemp(path.join(os.tmpdir(), "judge-"));
    const promptFile = path.join(dir, "prompt.txt");
    await writeFile(promptFile, "Judge.\n{{conversation}}\n{{replies}}\n{{verdict_format}}\n");
    const added = await runCli([
      "judge",
      "add",
      "--project",
      slug,
      "--name",
      "cli-judge",
      "--model",
      endpoint.name,
      "--prompt-file",
      promptFile,
      "--audit-rate",
      "0.3",
      "--routing",
    ]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout).judge).toMatchObject({
      name: "cli-judge",
      provenance: "judge:cli-judge",
      auditRate: 0.3,
      routing: true,
      promptVersion: 1,
      prompt: "Judge.\n{{conversation}}\n{{replies}}\n{{verdict_format}}\n",
    });
    const refused = await runCli(["judge", "add", "--project", slug, "--name", "Bad_Name", "--model", endpoint.name]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("a judge's name: lower-case letters, digits and -");

    const run = await runCli(["judge", "run", "--project", slug, "--judge", "cli-judge", "--wait"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).run).toMatchObject({
      status: "completed",
      items: 3,
      done: 3,
      consistent: 3,
      unparsed: 0,
    });
    expect(run.stderr).toMatch(/\d\/3 items/);

    const list = await runCli(["judge", "list", "--project", slug]);
    expect(JSON.parse(list.stdout).judges).toMatchObject([
      { name: "cli-judge", counts: { items: 3, consistent: 3 }, lastRun: { status: "completed" } },
    ]);
    const set = await runCli(["project", "set", "--slug", slug, "--show-judge-suggestions", "true"]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({ project: { slug, showJudgeSuggestions: true } });
    expect((await db.project.findUniqueOrThrow({ where: { slug } })).showJudgeSuggestions).toBe(true);
  }, 60_000);
});

describe("/api/projects/{slug}/judges", () => {
  it("creates (201), reads, changes, runs (202), reads and cancels runs, removes, for admins only", async () => {
    const admin = (await createApiToken((await makeUser("admin")).email, null)).token;
    const labeler = (await createApiToken((await makeUser()).email, null)).token;
    const { slug } = await project(2);
    const call = (token: string, method: string, body?: unknown) =>
      new Request("http://localhost/api", {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const at = (name: string) => ({ params: Promise.resolve({ slug, name }) });
    const slugOnly = { params: Promise.resolve({ slug }) };

    expect((await createRoute(call(labeler, "POST", { name: "x", model: endpoint.name }), slugOnly)).status).toBe(403);
    expect((await listRoute(call(labeler, "GET"), slugOnly)).status).toBe(403);
    const bad = await createRoute(
      call(admin, "POST", { name: "x", model: endpoint.name, prompt: "{{replies}}" }),
      slugOnly,
    );
    expect(bad.status).toBe(400);
    const created = await createRoute(call(admin, "POST", { name: "api-judge", model: endpoint.name }), slugOnly);
    expect(created.status).toBe(201);
    const patched = await patchRoute(call(admin, "PATCH", { auditRate: 0.5, routing: true }), at("api-judge"));
    expect(await patched.json()).toMatchObject({ judge: { auditRate: 0.5, routing: true, promptVersion: 1 } });
    expect((await readRoute(call(admin, "GET"), at("nobody"))).status).toBe(404);

    // The endpoint is in use: refused, with the judge named.
    const removal = await removeModelRoute(call(admin, "DELETE"), { params: Promise.resolve({ id: endpoint.id }) });
    expect(removal.status).toBe(409);
    expect(await removal.json()).toMatchObject({
      error: { message: expect.stringContaining(`judge api-judge (project ${slug})`) },
    });

    expect((await runRoute(call(labeler, "POST"), at("api-judge"))).status).toBe(403);
    stub.set({ latencyMs: 2000 });
    try {
      const started = await runRoute(call(admin, "POST"), at("api-judge"));
      expect(started.status).toBe(202);
      const { run } = (await started.json()) as { run: { id: string; items: number } };
      expect(run.items).toBe(2);
      const runAt = { params: Promise.resolve({ slug, name: "api-judge", id: run.id }) };
      const read = await runReadRoute(call(admin, "GET"), runAt);
      expect(await read.json()).toMatchObject({ run: { id: run.id }, items: expect.any(Array) });
      expect((await runRoute(call(admin, "POST"), at("api-judge"))).status).toBe(409);
      expect((await removeRoute(call(admin, "DELETE"), at("api-judge"))).status).toBe(409);
      const cancelled = await cancelRoute(call(admin, "DELETE"), runAt);
      expect(await cancelled.json()).toMatchObject({ run: { status: "cancelled" } });
    } finally {
      stub.set({ latencyMs: 0 });
    }

    expect(await (await suggestionsRoute(call(admin, "GET"), slugOnly)).json()).toEqual({
      showJudgeSuggestions: false,
    });
    expect((await setSuggestionsRoute(call(labeler, "PUT", { showJudgeSuggestions: true }), slugOnly)).status).toBe(
      403,
    );
    const on = await setSuggestionsRoute(call(admin, "PUT", { showJudgeSuggestions: true }), slugOnly);
    expect(await on.json()).toEqual({ showJudgeSuggestions: true });

    const removed = await removeRoute(call(admin, "DELETE"), at("api-judge"));
    expect(await removed.json()).toEqual({ removed: true, name: "api-judge" });
    const { id: projectId } = await db.project.findUniqueOrThrow({ where: { slug } });
    const audit = await db.auditEvent.findMany({ where: { entityType: { in: ["judge", "judge_run"] }, projectId } });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "judge.cancel",
      "judge.create",
      "judge.remove",
      "judge.run",
      "judge.update",
    ]);
  }, 60_000);
});
