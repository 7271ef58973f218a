// AI judges against the OpenAI-protocol stub (scripts/openai-stub/stub-judge.ts) through the
// real `openai` SDK, pg-boss and the generation worker: well-formed, malformed,
// position-biased and unsure judges, routing of slots (held slots kept, concurrent claims),
// suggestions on and off, idempotent answers, cancel, and an endpoint a judge uses.
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targetOverlapFor } from "@/lib/domain/judges/routing";
import { db, inTransaction } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { startGenerationWorker, type GenerationWorker } from "@/lib/server/generation/worker";
import { judgeBossJobId } from "@/lib/server/judges/judge-jobs";
import { cancelJudgeRun, judgeRun, judgeRunDetail, startJudgeRun } from "@/lib/server/judges/judge-runs";
import { routeRun } from "@/lib/server/judges/judge-routing";
import { updateJudgeSuggestions } from "@/lib/server/judges/judge-suggestions";
import { createJudge, listJudges, removeJudge, updateJudge } from "@/lib/server/judges/judges";
import { runJudgeRequest } from "@/lib/server/judges/run-judge-request";
import type { JudgeRunView } from "@/lib/server/judges/run-view";
import { createModelEndpoint } from "@/lib/server/models/create-model-endpoint";
import { removeModelEndpoint } from "@/lib/server/models/remove-model-endpoint";
import { updateModelEndpoint } from "@/lib/server/models/update-model-endpoint";
import { updateProject } from "@/lib/server/projects/update-project";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { makeMember, makeProject, makeUser, uniqueSuffix } from "../support/factories";

Object.assign(process.env, {
  GENERATION_TIMEOUT_SECONDS: "5",
  GENERATION_RETRY_LIMIT: "1",
  GENERATION_RETRY_DELAY_SECONDS: "1",
  GENERATION_MAINTENANCE_SECONDS: "1",
});

let stub: OpenAIStub;
let worker: GenerationWorker;
let adminId: string;

beforeAll(async () => {
  stub = await startOpenAIStub({});
  adminId = (await makeUser("admin")).id;
  worker = await startGenerationWorker({ discoverMs: 100, idleMs: 30, log: () => {} });
});

afterAll(async () => {
  await worker.stop(5000);
  await stub.close();
  await db.$disconnect();
});

async function endpoint(model: string, maxConcurrency = 4) {
  return (await createModelEndpoint({ name: `j-${uniqueSuffix()}`, baseUrl: stub.url, model, maxConcurrency }, null))
    .name;
}

/** A project whose items have a short and a long completion (in that order on odd items). */
async function judgedProject(n: number, options: { kind?: "comparison" | "ranking"; overlap?: number } = {}) {
  const kind = options.kind ?? "comparison";
  const project = await makeProject(kind, options.overlap ?? 2);
  const prefix = `j-${uniqueSuffix()}`;
  await addItems(
    project.slug,
    Array.from({ length: n }, (_, i) => {
      const texts = ["Short.", "A much longer reply that explains the answer in detail."];
      if (kind === "ranking") texts.push("A medium reply here.");
      return {
        externalId: `${prefix}-${i}`,
        messages: [{ role: "user" as const, content: `Question ${i}` }],
        completions: (i % 2 === 0 ? texts : [...texts].reverse()).map((text) => ({ text })),
      };
    }),
  );
  const items = await db.item.findMany({
    where: { projectId: project.id },
    include: { completions: { orderBy: { position: "asc" } } },
    orderBy: { seq: "asc" },
  });
  return { project, items };
}

async function waitForRun(slug: string, name: string, id: string): Promise<JudgeRunView> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await judgeRun(slug, name, id);
    if (run.status !== "queued" && run.status !== "running") return run;
    if (Date.now() > deadline) throw new Error(`run still ${run.status}: ${JSON.stringify(run)}`);
    await sleep(50);
  }
}

async function runJudge(slug: string, model: string, options: { routing?: boolean; auditRate?: number } = {}) {
  const name = `judge-${uniqueSuffix()}`;
  const judge = await createJudge({
    slug,
    input: {
      name,
      model: await endpoint(model),
      routing: options.routing ?? false,
      auditRate: options.auditRate ?? 0.1,
    },
    actorId: adminId,
  });
  const started = await startJudgeRun({ slug, name, actorId: adminId });
  expect(started.items).toBeGreaterThan(0);
  return { name, judge, run: await waitForRun(slug, name, started.id) };
}

const annotationsOf = (judgeId: string) => db.judgeAnnotation.findMany({ where: { judgeId } });
const verdictsOf = (runId: string) =>
  db.judgeVerdict.findMany({ where: { runId }, orderBy: [{ itemId: "asc" }, { swap: "asc" }] });
const slotsOf = (itemId: string) => db.slot.findMany({ where: { itemId }, orderBy: { index: "asc" } });

describe("judge runs", () => {
  it("a well-formed judge answers every item in both orders; consistent verdicts become judge annotations, not answers", async () => {
    const { project, items } = await judgedProject(4);
    const { name, judge, run } = await runJudge(project.slug, "judge-good");
    expect(run).toMatchObject({
      status: "completed",
      items: 4,
      done: 4,
      failed: 0,
      unparsed: 0,
      consistent: 4,
      inconsistent: 0,
    });
    expect(run.promptTokens).toBeGreaterThan(0);
    const verdicts = await verdictsOf(run.id);
    expect(verdicts).toHaveLength(8);
    for (const item of items) {
      const own = item.completions.map((c) => c.id);
      const [first, second] = verdicts.filter((v) => v.itemId === item.id);
      expect(first!.displayOrder).toEqual(own);
      expect(second!.displayOrder).toEqual([...own].reverse());
      expect(first!.raw).toMatch(/\[\[[AB]\]\]$/);
      expect(first!.rationale).toMatch(/most detailed/);
    }
    const annotations = await annotationsOf(judge.id);
    expect(annotations).toHaveLength(4);
    for (const a of annotations) {
      const item = items.find((i) => i.id === a.itemId)!;
      const long = item.completions.find((c) => c.text.startsWith("A much longer"))!.id;
      const short = item.completions.find((c) => c.text === "Short.")!.id;
      expect(a).toMatchObject({
        provenance: `judge:${name}`,
        consistent: true,
        unsure: false,
        ranking: [[long], [short]],
      });
    }
    // The judge answered no human slot: no annotations, every slot still open.
    expect(await db.annotation.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.slot.count({ where: { projectId: project.id, state: "open" } })).toBe(8);
    // Both orders reached the endpoint: the short reply shown first, then second.
    const prompts = stub.requests
      .map((r) => (r.body as { messages?: { content: string }[] } | null)?.messages?.[0]?.content ?? "")
      .filter((p) => p.includes("Question 0"));
    expect(prompts.some((p) => /Reply A\]\nShort\./.test(p))).toBe(true);
    expect(prompts.some((p) => /Reply B\]\nShort\./.test(p))).toBe(true);
    const [listed] = await listJudges(project.slug);
    expect(listed).toMatchObject({ name, counts: { items: 4, consistent: 4, unparsed: 0 }, lastRun: { id: run.id } });
  });

  it("a run judges quality checks like any item, and routing leaves their target and slots alone", async () => {
    const { project, items } = await judgedProject(3);
    await db.item.update({
      where: { id: items[2]!.id },
      data: { isGold: true, goldRole: "attention", goldAnswer: { best: items[2]!.completions[0]!.id } },
    });
    const { judge, run } = await runJudge(project.slug, "judge-good", { routing: true, auditRate: 0 });
    // Judged, so that with suggestions on the check carries one as the real tasks do.
    expect(run).toMatchObject({ status: "completed", items: 3, done: 3 });
    expect(await annotationsOf(judge.id)).toHaveLength(3);
    // Routing took the real items to the judge alone (target 0, audit rate 0) and left the check alone.
    const targets = await db.item.findMany({ where: { projectId: project.id }, orderBy: { seq: "asc" } });
    expect(targets.map((i) => i.targetOverlap)).toEqual([0, 0, null]);
    expect(await slotsOf(items[2]!.id)).toHaveLength(2);
  });

  it("ranks three replies with both orders and maps the ranking back to completion ids", async () => {
    const { project, items } = await judgedProject(2, { kind: "ranking" });
    const { judge, run } = await runJudge(project.slug, "judge-good");
    expect(run).toMatchObject({ status: "completed", consistent: 2 });
    const item = items[0]!;
    const byText = (t: string) => item.completions.find((c) => c.text.startsWith(t))!.id;
    const annotation = (await annotationsOf(judge.id)).find((a) => a.itemId === item.id)!;
    expect(annotation.ranking).toEqual([[byText("A much longer")], [byText("A medium")], [byText("Short")]]);
  });

  it("a malformed judge's answers are recorded as unparsed, never guessed", async () => {
    const { project } = await judgedProject(3);
    const { judge, run } = await runJudge(project.slug, "judge-malformed");
    expect(run).toMatchObject({ status: "completed", done: 3, unparsed: 6, consistent: 0 });
    for (const v of await verdictsOf(run.id)) {
      expect(v).toMatchObject({
        ranking: null,
        unsure: false,
        parseError: "no verdict: the answer has no [[...]] verdict line",
      });
      expect(v.raw).toMatch(/Overall they are close\.$/);
    }
    for (const a of await annotationsOf(judge.id)) expect(a).toMatchObject({ ranking: null, consistent: false });
    const [listed] = await listJudges(project.slug);
    expect(listed!.counts).toEqual({ items: 3, consistent: 0, inconsistent: 0, unsure: 0, unparsed: 3 });
  });

  it("a position-biased judge is inconsistent; with routing on its items keep the full human overlap", async () => {
    const { project, items } = await judgedProject(3, { overlap: 3 });
    const { judge, run } = await runJudge(project.slug, "judge-position", { routing: true, auditRate: 0 });
    expect(run).toMatchObject({ status: "completed", consistent: 0, inconsistent: 3, unsure: 0, unparsed: 0 });
    for (const a of await annotationsOf(judge.id)) expect(a).toMatchObject({ ranking: null, consistent: false });
    for (const item of items) {
      expect((await db.item.findUniqueOrThrow({ where: { id: item.id } })).targetOverlap).toBeNull();
      expect(await slotsOf(item.id)).toHaveLength(3);
    }
  });

  it("an unsure judge is marked unsure, and its items keep full overlap", async () => {
    const { project, items } = await judgedProject(2);
    const { judge, run } = await runJudge(project.slug, "judge-unsure", { routing: true, auditRate: 0 });
    expect(run).toMatchObject({ status: "completed", unsure: 2, consistent: 0 });
    for (const a of await annotationsOf(judge.id)) expect(a).toMatchObject({ unsure: true, ranking: null });
    for (const item of items) expect(await slotsOf(item.id)).toHaveLength(2);
  });

  it("routing: consistent items get one audit at the rate or none; held slots stay; the overlap change respects targets", async () => {
    const { project, items } = await judgedProject(12, { overlap: 2 });
    const labeler = await makeMember(project.slug);
    const held = await claimNextTask(labeler, project.slug);
    expect(held).not.toBeNull();
    const { judge, run } = await runJudge(project.slug, "judge-good", { routing: true, auditRate: 0.5 });
    expect(run.status).toBe("completed");
    const targets = new Map(
      items.map((i) => [i.id, targetOverlapFor({ consistent: true, unsure: false }, i.id, judge.id, 0.5)]),
    );
    expect([...targets.values()]).toContain(0);
    expect([...targets.values()]).toContain(1);
    for (const item of items) {
      const row = await db.item.findUniqueOrThrow({ where: { id: item.id } });
      const slots = await slotsOf(item.id);
      expect(row.targetOverlap).toBe(targets.get(item.id));
      if (item.id === held!.item.id) {
        // The labeler's slot is never removed, whatever the target.
        expect(slots.filter((s) => s.state === "leased")).toHaveLength(1);
        expect(slots.filter((s) => s.state === "open").length).toBe(Math.max(targets.get(item.id)! - 1, 0));
        expect(row.status).toBe("open");
      } else {
        expect(slots).toHaveLength(targets.get(item.id)!);
        expect(row.status).toBe(targets.get(item.id) === 0 ? "done" : "open");
      }
    }
    // The project's overlap goes up: routed items keep their own target.
    await updateProject(
      project.slug,
      {
        name: "p",
        overlap: 3,
        leaseMinutes: 10,
        minCompletions: 2,
        maxCompletions: 2,
        likertEnabled: false,
        flags: [],
        minDemoLength: 0,
        guidelines: "",
      },
      adminId,
    );
    for (const item of items.filter((i) => i.id !== held!.item.id)) {
      expect(await slotsOf(item.id)).toHaveLength(targets.get(item.id)!);
    }

    // Routing again while labelers claim: every claimed slot survives, and no item ends with
    // more open slots than its target leaves room for.
    const labelers = await Promise.all([1, 2, 3, 4].map(() => makeMember(project.slug)));
    const [, ...claims] = await Promise.all([
      inTransaction((tx) => routeRun(tx, { id: judge.id, audit_rate: 0.5 }, run.id)),
      ...labelers.map((l) => claimNextTask(l, project.slug)),
    ]);
    for (const task of claims) {
      if (!task) continue;
      const lease = await db.lease.findUniqueOrThrow({ where: { id: task.id }, include: { slot: true } });
      expect(lease.slot.state).toBe("leased");
    }
  });

  it("recording an answer twice (a retry, a worker that died after writing) changes nothing", async () => {
    const { project, items } = await judgedProject(1);
    const { run } = await runJudge(project.slug, "judge-good");
    const before = await judgeRun(project.slug, run.judge, run.id);
    const job = {
      kind: "judge" as const,
      runId: run.id,
      itemId: items[0]!.id,
      swap: 0 as const,
      endpointId: (await db.judge.findFirstOrThrow({ where: { projectId: project.id } })).endpointId,
    };
    // The run is over: a late job is ignored; and the unique (run, item, order) holds anyway.
    expect(await runJudgeRequest(job, { retryCount: 0, retryLimit: 1 })).toBe("ignored");
    await db.judgeRun.update({ where: { id: run.id }, data: { status: "running" } });
    expect(await runJudgeRequest(job, { retryCount: 0, retryLimit: 1 })).toBe("skipped");
    expect(await verdictsOf(run.id)).toHaveLength(2);
    const after = await judgeRun(project.slug, run.judge, run.id);
    expect({ ...after, status: before.status }).toEqual(before);
    expect(judgeBossJobId(run.id, items[0]!.id, 0)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("cancel stops new requests; the answers in flight are kept", async () => {
    const { project } = await judgedProject(8);
    const name = `judge-${uniqueSuffix()}`;
    await createJudge({
      slug: project.slug,
      input: { name, model: await endpoint("judge-good", 1) },
      actorId: adminId,
    });
    stub.set({ latencyMs: 150 });
    try {
      const started = await startJudgeRun({ slug: project.slug, name, actorId: adminId });
      await expect(startJudgeRun({ slug: project.slug, name, actorId: adminId })).rejects.toMatchObject({
        code: "conflict",
      });
      const deadline = Date.now() + 20_000;
      while ((await db.judgeVerdict.count({ where: { runId: started.id } })) < 1 && Date.now() < deadline)
        await sleep(20);
      const cancelled = await cancelJudgeRun({ slug: project.slug, name, id: started.id, actorId: adminId });
      expect(cancelled.status).toBe("cancelled");
      const atCancel = await db.judgeVerdict.count({ where: { runId: started.id } });
      await sleep(800);
      // At most the one request in flight (one lane) finishes after the cancel.
      expect(await db.judgeVerdict.count({ where: { runId: started.id } })).toBeLessThanOrEqual(atCancel + 1);
      expect(await db.judgeVerdict.count({ where: { runId: started.id } })).toBeLessThan(16);
      await expect(
        cancelJudgeRun({ slug: project.slug, name, id: started.id, actorId: adminId }),
      ).rejects.toMatchObject({
        code: "conflict",
      });
    } finally {
      stub.set({ latencyMs: 0 });
    }
  });

  it("a run finishes when the endpoint's max concurrency is lowered under it (its lanes are kept)", async () => {
    const { project } = await judgedProject(6);
    const name = `judge-${uniqueSuffix()}`;
    const model = await endpoint("judge-good", 3);
    await createJudge({ slug: project.slug, input: { name, model }, actorId: adminId });
    stub.set({ latencyMs: 100 });
    try {
      const started = await startJudgeRun({ slug: project.slug, name, actorId: adminId });
      const { id } = await db.modelEndpoint.findUniqueOrThrow({ where: { name: model } });
      await updateModelEndpoint({ id, change: { maxConcurrency: 1 }, actorId: adminId });
      expect(await waitForRun(project.slug, name, started.id)).toMatchObject({ status: "completed", done: 6 });
    } finally {
      stub.set({ latencyMs: 0 });
    }
  });

  it("the run's detail shows both orders of a sample of items, raw text included", async () => {
    const { project } = await judgedProject(2);
    const { name, run } = await runJudge(project.slug, "judge-good");
    const detail = await judgeRunDetail(project.slug, name, run.id, "1");
    expect(detail.items).toHaveLength(1);
    expect(detail.items[0]!.orders.map((o) => o.swap)).toEqual([0, 1]);
    expect(detail.items[0]!.orders[0]!.raw).toMatch(/\[\[[AB]\]\]/);
    expect(detail.items[0]!.annotation).toMatchObject({ consistent: true });
  });
});

describe("judges", () => {
  it("prompt edits make new versions; names are unique per project; only pairs and rankings take judges", async () => {
    const { project } = await judgedProject(1);
    const model = await endpoint("judge-good");
    const judge = await createJudge({ slug: project.slug, input: { name: "first", model }, actorId: adminId });
    expect(judge).toMatchObject({ promptVersion: 1, versions: [{ version: 1 }], auditRate: 0.1, routing: false });
    expect(judge.prompt).toContain("{{replies}}");
    await expect(
      createJudge({ slug: project.slug, input: { name: "first", model }, actorId: adminId }),
    ).rejects.toMatchObject({
      code: "conflict",
      message: "this project has a judge named first already",
    });
    const edited = await updateJudge({
      slug: project.slug,
      name: "first",
      input: { prompt: "Judge this.\n{{conversation}}\n{{replies}}\n{{verdict_format}}" },
      actorId: adminId,
    });
    expect(edited.promptVersion).toBe(2);
    expect(edited.versions.map((v) => v.version)).toEqual([2, 1]);
    const same = await updateJudge({
      slug: project.slug,
      name: "first",
      input: { prompt: edited.prompt, routing: true },
      actorId: adminId,
    });
    expect(same).toMatchObject({ promptVersion: 2, routing: true });
    await expect(
      updateJudge({ slug: project.slug, name: "first", input: { prompt: "no placeholders" }, actorId: adminId }),
    ).rejects.toThrow(/must contain \{\{conversation\}\}/);
    const demo = await makeProject("demonstration", 1);
    await expect(createJudge({ slug: demo.slug, input: { name: "x", model }, actorId: adminId })).rejects.toMatchObject(
      {
        code: "bad_request",
      },
    );
    const audit = await db.auditEvent.findMany({ where: { projectId: project.id, action: { startsWith: "judge." } } });
    expect(audit.map((a) => a.action).sort()).toEqual(["judge.create", "judge.update", "judge.update"]);
  });

  it("an endpoint a judge uses cannot be removed (409 naming the judge) until the judge is removed", async () => {
    const { project } = await judgedProject(1);
    const model = await endpoint("judge-good");
    await createJudge({ slug: project.slug, input: { name: "keeper", model }, actorId: adminId });
    await expect(removeModelEndpoint({ endpoint: { name: model }, actorId: adminId })).rejects.toMatchObject({
      code: "conflict",
      message: `endpoint ${model} is used by judge keeper (project ${project.slug}): remove the judge or give it another model first`,
    });
    await removeJudge({ slug: project.slug, name: "keeper", actorId: adminId });
    await expect(removeModelEndpoint({ endpoint: { name: model }, actorId: adminId })).resolves.toMatchObject({
      removed: true,
    });
  });
});

describe("judge suggestions", () => {
  it("the labeler's task carries the judge's verdict only while the project shows suggestions", async () => {
    const { project, items } = await judgedProject(2, { overlap: 1 });
    const { name } = await runJudge(project.slug, "judge-good");
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    expect(task).not.toBeNull();
    expect(task).not.toHaveProperty("judgeSuggestion");
    expect(JSON.stringify(task)).not.toContain("most detailed");

    await updateJudgeSuggestions({ slug: project.slug, input: { showJudgeSuggestions: true }, actorId: adminId });
    const again = await claimNextTask(labeler, project.slug); // the same lease, now with the suggestion
    const item = items.find((i) => i.id === again!.item.id)!;
    const long = item.completions.find((c) => c.text.startsWith("A much longer"))!.id;
    expect(again!.judgeSuggestion).toMatchObject({ judge: name, ranking: [[long], [expect.any(String)]] });
    expect(again!.judgeSuggestion!.rationale).toMatch(/most detailed/);

    await updateJudgeSuggestions({ slug: project.slug, input: { showJudgeSuggestions: false }, actorId: adminId });
    expect(await claimNextTask(labeler, project.slug)).not.toHaveProperty("judgeSuggestion");
  });
});
