import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { updateProject } from "@/lib/server/projects/update-project";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { overlapReport, projectCost } from "@/lib/server/quality/quality-report";
import { updateHourlyRate, updateOverlapSettings } from "@/lib/server/quality/overlap-settings";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { GET as costRoute, PUT as setCostRoute } from "@/app/api/projects/[slug]/cost/route";
import { GET as overlapRoute, PUT as setOverlapRoute } from "@/app/api/projects/[slug]/overlap/route";
import { setMemberRole } from "@/lib/server/projects/set-member-role";
import { claimNextReview, decideReview } from "@/lib/server/reviews/review-queue";
import { updateReviewSettings } from "@/lib/server/reviews/review-settings";
import { setGoldItem } from "@/lib/server/items/set-gold-item";
import { itemCounts, queueHealth } from "@/lib/server/projects/project-figures-queries";
import { updateQualitySettings } from "@/lib/server/quality/quality-settings";
import { exportProject } from "@/lib/server/export/export-project";
import { collect } from "../support/collect";
import { runCli } from "../support/run-cli";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

// Issue 16 point 5 wired into the queue (docs/QUALITY.md "Wiring"): a submit decides with
// decideOverlap and opens one slot on "more", between overlapMin and overlapMax.

async function adaptiveProject(overlapMin: number, overlapMax: number, kind: "comparison" | "ranking" = "comparison") {
  const project = await makeProject(kind, 1);
  await updateOverlapSettings({ slug: project.slug, input: { overlapMin, overlapMax }, actorId: null });
  return project;
}

/** The item's completion ids, sorted: "a" is the first, "b" the second. */
async function completionIds(itemId: string) {
  const rows = await db.completion.findMany({ where: { itemId }, orderBy: { id: "asc" } });
  return rows.map((c) => c.id);
}

/** One labeler answers the next task, putting `best` on top; false when the queue has nothing for them. */
async function answer(slug: string, labeler: SessionUser, best: "a" | "b", ids: string[]) {
  const task = await claimNextTask(labeler, slug);
  if (!task) return false;
  const [a, b] = ids as [string, string];
  await submitAnnotation(labeler, task.id, randomUUID(), {
    ranking: best === "a" ? [[a], [b]] : [[b], [a]],
    strength: 1,
  });
  return true;
}

async function itemState(itemId: string) {
  const item = await db.item.findUniqueOrThrow({ where: { id: itemId }, include: { slots: true, annotations: true } });
  return { status: item.status, slots: item.slots.length, answers: item.annotations.length };
}

describe("adaptive overlap in the queue", () => {
  it("starts items at overlapMin and stops there when the answers agree", async () => {
    const project = await adaptiveProject(2, 5);
    const [item] = await makeItems(project.slug, 1);
    expect(await itemState(item!.id)).toEqual({ status: "open", slots: 2, answers: 0 });
    const ids = await completionIds(item!.id);
    for (const best of ["a", "a"] as const)
      expect(await answer(project.slug, await makeMember(project.slug), best, ids)).toBe(true);
    expect(await itemState(item!.id)).toEqual({ status: "done", slots: 2, answers: 2 });
    expect(await answer(project.slug, await makeMember(project.slug), "a", ids)).toBe(false);
  });

  it("adds one slot per uncertain answer and stops at overlapMax when they keep disagreeing", async () => {
    const project = await adaptiveProject(2, 4);
    const [item] = await makeItems(project.slug, 1);
    const ids = await completionIds(item!.id);
    const seen: Awaited<ReturnType<typeof itemState>>[] = [];
    for (const best of ["a", "b", "a", "b"] as const) {
      expect(await answer(project.slug, await makeMember(project.slug), best, ids)).toBe(true);
      seen.push(await itemState(item!.id));
    }
    expect(seen).toEqual([
      { status: "open", slots: 2, answers: 1 }, // below the minimum: its second slot is already there
      { status: "open", slots: 3, answers: 2 }, // a, b: share 1/2, one more
      { status: "open", slots: 4, answers: 3 }, // a, b, a: 2/3, one more
      { status: "done", slots: 4, answers: 4 }, // the maximum, whatever the answers
    ]);
    expect(await answer(project.slug, await makeMember(project.slug), "a", ids)).toBe(false);
  });

  it("settles an item once the winner share reaches the threshold, below the maximum", async () => {
    const project = await adaptiveProject(2, 5);
    const [item] = await makeItems(project.slug, 1);
    const ids = await completionIds(item!.id);
    for (const best of ["a", "b", "a", "a"] as const)
      await answer(project.slug, await makeMember(project.slug), best, ids);
    // a, b, a, a: 3/4 reaches 0.75, so no fifth slot.
    expect(await itemState(item!.id)).toEqual({ status: "done", slots: 4, answers: 4 });
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { projectId: project.id, action: "project.overlap_settings" },
    });
    expect(audit.after).toMatchObject({ overlap: 2, overlapMin: 2, overlapMax: 5, overlapThreshold: 0.75 });
  });

  it("the weighted rule settles on two proven labelers, and asks more of unknown or unreliable ones", async () => {
    // Gold history first, under a fixed overlap of 2: three gold items, each answered by two pairs
    // of labelers, one pair right every time and the other wrong every time.
    const project = await makeProject("comparison", 2);
    const gold = await makeItems(project.slug, 3);
    for (const item of gold) {
      const ids = await completionIds(item.id);
      await db.item.update({ where: { id: item.id }, data: { isGold: true, goldAnswer: { best: ids[0]! } } });
    }
    const proven = [await makeMember(project.slug), await makeMember(project.slug)];
    const wrong = [await makeMember(project.slug), await makeMember(project.slug)];
    for (const item of gold) {
      const ids = await completionIds(item.id);
      // Each item has two slots: one pair answers, then the other pair's turn comes with more slots.
      await db.slot.create({ data: { itemId: item.id, projectId: project.id, index: 2 } });
      await db.slot.create({ data: { itemId: item.id, projectId: project.id, index: 3 } });
      await db.item.update({ where: { id: item.id }, data: { status: "open" } });
      for (const l of proven) expect(await answer(project.slug, l, "a", ids)).toBe(true);
      for (const l of wrong) expect(await answer(project.slug, l, "b", ids)).toBe(true);
    }
    await updateOverlapSettings({
      slug: project.slug,
      input: { overlapMin: 2, overlapMax: 5, overlapConfidence: 0.9 },
      actorId: null,
    });

    // Proven: accuracy (3 + 0.7 × 4) / (3 + 4) = 0.829 each, weight 1.58; agreeing, posterior 0.959 ≥ 0.9.
    const [settled] = await makeItems(project.slug, 1);
    let ids = await completionIds(settled!.id);
    for (const l of proven) expect(await answer(project.slug, l, "b", ids)).toBe(true);
    expect(await itemState(settled!.id)).toEqual({ status: "done", slots: 2, answers: 2 });

    // Unknown labelers: the prior 0.7, weight 0.847 each; agreeing, posterior 0.845 < 0.9: one more.
    const [unknown] = await makeItems(project.slug, 1);
    ids = await completionIds(unknown!.id);
    const strangers = [await makeMember(project.slug), await makeMember(project.slug), await makeMember(project.slug)];
    for (const l of strangers.slice(0, 2)) expect(await answer(project.slug, l, "a", ids)).toBe(true);
    expect(await itemState(unknown!.id)).toEqual({ status: "open", slots: 3, answers: 2 });
    // A third agreeing one: 3 × 0.847 = 2.54, posterior 0.927: settled.
    expect(await answer(project.slug, strangers[2]!, "a", ids)).toBe(true);
    expect(await itemState(unknown!.id)).toEqual({ status: "done", slots: 3, answers: 3 });

    // Wrong on every gold item: accuracy (0 + 2.8) / 7 = 0.4, weight 0: their agreement proves nothing.
    const [unreliable] = await makeItems(project.slug, 1);
    ids = await completionIds(unreliable!.id);
    for (const l of wrong) expect(await answer(project.slug, l, "a", ids)).toBe(true);
    expect(await itemState(unreliable!.id)).toEqual({ status: "open", slots: 3, answers: 2 });

    const report = await overlapReport(project.slug);
    expect(report.adaptive).toMatchObject({ overlapMin: 2, overlapMax: 5, overlapConfidence: 0.9 });
  });

  it("leaves quality checks alone: no slots, not in the forecast, not exported, no pairs bought", async () => {
    const project = await adaptiveProject(2, 5);
    const [check, item] = await makeItems(project.slug, 2);
    const checkIds = await completionIds(check!.id);
    await setGoldItem(project.slug, check!.id, { best: checkIds[0]!, role: "attention" }, null);
    await updateQualitySettings(project.slug, { attentionRate: 1, attentionWindow: 50 }, null);
    const [x, y] = [await makeMember(project.slug), await makeMember(project.slug)];
    // Each labeler's first claim is the check (rate 1); they disagree, which would ask for more.
    expect(await answer(project.slug, x, "a", checkIds)).toBe(true);
    expect(await answer(project.slug, y, "b", checkIds)).toBe(true);
    const ids = await completionIds(item!.id);
    for (const l of [x, y]) expect(await answer(project.slug, l, "a", ids)).toBe(true);
    const state = await itemState(check!.id);
    expect(state.answers).toBe(2);
    expect(state.slots).toBe(2);
    expect(await itemState(item!.id)).toEqual({ status: "done", slots: 2, answers: 2 });

    const report = await overlapReport(project.slug);
    expect(report).toMatchObject({ items: 1, labelsSpent: 2 });
    // The project's progress: the real item is done, and an unanswered check does not hold it back.
    const [unanswered] = await makeItems(project.slug, 1);
    await setGoldItem(
      project.slug,
      unanswered!.id,
      { best: (await completionIds(unanswered!.id))[0]!, role: "attention" },
      null,
    );
    expect(await itemCounts(project.id)).toEqual({ total: 1, done: 1 });
    expect(await queueHealth(project.id)).toMatchObject({ open: 0, done: 2 });
    await updateHourlyRate({ slug: project.slug, input: { hourlyRate: 10 }, actorId: null });
    // Four answers of time, one pair each from the real item only.
    expect((await projectCost(project.slug)).total).toMatchObject({ answers: 4, preferencePairs: 2 });
    const out = collect();
    await exportProject(project.slug, "preference", out.stream, {});
    const prompts = new Set(
      out.lines().map((line) => JSON.stringify((JSON.parse(line) as { prompt: unknown }).prompt)),
    );
    expect(out.lines()).toHaveLength(2);
    expect(prompts.size).toBe(1);
  });

  it("never goes past overlapMax when labelers submit at once", async () => {
    const project = await adaptiveProject(2, 4);
    const [item] = await makeItems(project.slug, 1);
    const ids = await completionIds(item!.id);
    const labelers = await Promise.all(Array.from({ length: 6 }, () => makeMember(project.slug)));
    let round = 0;
    for (;;) {
      // Every labeler tries at once; those who got a slot submit together, split between a and b.
      const tasks = await Promise.all(labelers.map((l) => claimNextTask(l, project.slug)));
      const held = tasks.map((t, i) => ({ t, l: labelers[i]! })).filter((x) => x.t);
      if (held.length === 0) break;
      await Promise.all(
        held.map(({ t, l }, i) =>
          submitAnnotation(l, t!.id, randomUUID(), {
            ranking: i % 2 === 0 ? [[ids[0]!], [ids[1]!]] : [[ids[1]!], [ids[0]!]],
            strength: 1,
          }),
        ),
      );
      round += 1;
      expect(round).toBeLessThan(10);
    }
    const state = await itemState(item!.id);
    expect(state.status).toBe("done");
    // a and b split every round: 2 answers (1/2) and 3 (2/3) are uncertain, so the item reaches
    // its maximum and never a slot more.
    expect(state).toEqual({ status: "done", slots: 4, answers: 4 });
  });

  it("leaves an item a judge routed to its own target", async () => {
    const project = await adaptiveProject(2, 5);
    const [item] = await makeItems(project.slug, 1);
    await db.item.update({ where: { id: item!.id }, data: { targetOverlap: 2 } });
    const ids = await completionIds(item!.id);
    for (const best of ["a", "b"] as const) await answer(project.slug, await makeMember(project.slug), best, ids);
    expect(await itemState(item!.id)).toEqual({ status: "done", slots: 2, answers: 2 });
  });

  it("reopens finished items the rule would still ask about when the bounds are set", async () => {
    const project = await makeProject("comparison", 2);
    const [item] = await makeItems(project.slug, 1);
    const ids = await completionIds(item!.id);
    for (const best of ["a", "b"] as const) await answer(project.slug, await makeMember(project.slug), best, ids);
    expect(await itemState(item!.id)).toEqual({ status: "done", slots: 2, answers: 2 });
    const result = await updateOverlapSettings({
      slug: project.slug,
      input: { overlapMin: 2, overlapMax: 3, overlapThreshold: 0.75 },
      actorId: null,
    });
    expect(result).toMatchObject({ overlap: 2, overlapMin: 2, overlapMax: 3, reopened: 1 });
    expect(await itemState(item!.id)).toEqual({ status: "open", slots: 3, answers: 2 });
  });

  it("refuses bad bounds, other kinds, and an overlap change while the bounds are set", async () => {
    const project = await adaptiveProject(2, 3);
    await expect(
      updateOverlapSettings({ slug: project.slug, input: { overlapMin: 3, overlapMax: 2 }, actorId: null }),
    ).rejects.toThrow("overlapMax must be at least overlapMin");
    await expect(
      updateOverlapSettings({ slug: project.slug, input: { overlapMin: 2, overlapMax: null }, actorId: null }),
    ).rejects.toThrow("overlapMin and overlapMax are set together");
    const demo = await makeProject("demonstration", 1);
    await expect(
      updateOverlapSettings({ slug: demo.slug, input: { overlapMin: 1, overlapMax: 3 }, actorId: null }),
    ).rejects.toMatchObject({ code: "bad_request", message: "adaptive overlap needs a comparison or ranking project" });
    const admin = await makeUser("admin");
    const settings = {
      name: "X",
      overlap: 3,
      leaseMinutes: 10,
      minCompletions: 2,
      maxCompletions: 2,
      likertEnabled: false,
      flags: [],
      minDemoLength: 0,
      guidelines: "",
    };
    await expect(updateProject(project.slug, settings, admin.id)).rejects.toThrow(
      "adaptive overlap is on: the overlap follows overlapMin",
    );
    // Cleared: a fixed overlap again, the overlap (2) unchanged and editable.
    expect(
      await updateOverlapSettings({ slug: project.slug, input: { overlapMin: null, overlapMax: null }, actorId: null }),
    ).toMatchObject({ overlap: 2, overlapMin: null, overlapMax: null });
    expect((await updateProject(project.slug, settings, admin.id)).overlap).toBe(3);
  });

  it("reports labels spent against overlapMax and a forecast for the open items", async () => {
    const project = await adaptiveProject(2, 4);
    const [first, second] = await makeItems(project.slug, 2);
    const a = await completionIds(first!.id);
    // The first item settles at 2 (a, a); the second is untouched (2 slots, no answers).
    for (const best of ["a", "a"] as const) await answer(project.slug, await makeMember(project.slug), best, a);
    expect(await itemState(second!.id)).toMatchObject({ answers: 0 });
    const report = await overlapReport(project.slug);
    expect(report).toMatchObject({
      adaptive: { overlapMin: 2, overlapMax: 4, overlapThreshold: 0.75 },
      items: 2,
      labelsSpent: 2,
      fixedOverlap: 4,
      fixedLabels: 8,
      agreement: 1,
      accuracySource: "agreement",
    });
    // Accuracy 1 from agreement 1: the second item takes exactly its 2 answers.
    expect(report.expectedAdditional).toBeCloseTo(2, 9);
    expect(report.saving).toBeCloseTo(0.5, 9);
    expect(report.itemsByAnswers).toEqual([
      { answers: 0, items: 1 },
      { answers: 2, items: 1 },
    ]);
  });
});

describe("time and cost", () => {
  it("sums active time, cost, preference pairs and demonstrations per labeler and project", async () => {
    const project = await makeProject("ranking", 2);
    await makeItems(project.slug, 1, 3);
    const [x, y] = [await makeMember(project.slug), await makeMember(project.slug)];
    const strict = await claimNextTask(x, project.slug);
    const [c0, c1, c2] = strict!.item.completions.map((c) => c.id) as [string, string, string];
    await submitAnnotation(x, strict!.id, randomUUID(), { ranking: [[c0], [c1], [c2]], timeSpentMs: 60_000 });
    const tied = await claimNextTask(y, project.slug);
    await submitAnnotation(y, tied!.id, randomUUID(), { ranking: [[c0, c1], [c2]], timeSpentMs: 120_000 });

    const unset = await projectCost(project.slug);
    expect(unset.total).toMatchObject({
      answers: 2,
      activeMs: 180_000,
      cost: null,
      preferencePairs: 5,
      costPerPair: null,
    });

    await updateHourlyRate({ slug: project.slug, input: { hourlyRate: 30 }, actorId: null });
    const report = await projectCost(project.slug);
    expect(report.hourlyRate).toBe(30);
    // 3 minutes at 30 an hour: 1.5; 3 pairs from the strict ranking of 3, 2 from a, b tied over c.
    expect(report.total.cost).toBeCloseTo(1.5, 9);
    expect(report.total.costPerPair).toBeCloseTo(0.3, 9);
    expect(report.total.demonstrations).toBe(0);
    const byEmail = Object.fromEntries(report.labelers.map((l) => [l.email, l]));
    expect(byEmail[x.email]).toMatchObject({ answers: 1, activeMs: 60_000, preferencePairs: 3 });
    expect(byEmail[x.email]!.cost).toBeCloseTo(0.5, 9);
    expect(byEmail[y.email]).toMatchObject({ answers: 1, activeMs: 120_000, preferencePairs: 2 });
    expect(byEmail[y.email]!.costPerPair).toBeCloseTo(0.5, 9);
  });

  it("counts accepted demonstrations only: pending and rejected ones cost time but are not counted", async () => {
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 3, 0);
    await updateReviewSettings(project.slug, { reviewRate: 1 }, null);
    const author = await makeMember(project.slug);
    for (let i = 0; i < 3; i++) {
      const task = await claimNextTask(author, project.slug);
      await submitAnnotation(author, task!.id, randomUUID(), { text: `Reply ${i}.`, timeSpentMs: 60_000 });
    }
    const reviewer = await makeMember(project.slug);
    await setMemberRole(project.slug, reviewer.email, "reviewer", null);
    const first = await claimNextReview(reviewer, project.slug);
    await decideReview(reviewer, first.review!.id, { action: "accept", revision: 1 });
    const second = await claimNextReview(reviewer, project.slug);
    await decideReview(reviewer, second.review!.id, { action: "reject", revision: 1, reason: "Off topic." });
    // The third waits for review.
    await updateHourlyRate({ slug: project.slug, input: { hourlyRate: 60 }, actorId: null });
    const report = await projectCost(project.slug);
    expect(report.total).toMatchObject({ answers: 3, activeMs: 180_000, demonstrations: 1 });
    // 3 minutes at 60 an hour buy one accepted demonstration.
    expect(report.total.cost).toBeCloseTo(3, 9);
    expect(report.total.costPerDemonstration).toBeCloseTo(3, 9);
  });

  it("counts every demonstration, and refuses a negative rate", async () => {
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 2, 0);
    const labeler = await makeMember(project.slug);
    for (const ms of [30_000, 90_000]) {
      const task = await claimNextTask(labeler, project.slug);
      await submitAnnotation(labeler, task!.id, randomUUID(), { text: "A careful reply.", timeSpentMs: ms });
    }
    await updateHourlyRate({ slug: project.slug, input: { hourlyRate: "12" }, actorId: null });
    const report = await projectCost(project.slug);
    expect(report.total).toMatchObject({ answers: 2, activeMs: 120_000, demonstrations: 2, preferencePairs: 0 });
    expect(report.total.cost).toBeCloseTo(0.4, 9);
    expect(report.total.costPerDemonstration).toBeCloseTo(0.2, 9);
    await expect(updateHourlyRate({ slug: project.slug, input: { hourlyRate: -1 }, actorId: null })).rejects.toThrow(
      "hourlyRate must be at least 0",
    );
  });
});

describe("CLI and HTTP", () => {
  it("project set --overlap-min/--overlap-max/--hourly-rate, project cost and overlap; the routes for admins only", async () => {
    const project = await makeProject("comparison", 1);
    const set = runCli([
      "project",
      "set",
      "--slug",
      project.slug,
      "--overlap-min",
      "2",
      "--overlap-max",
      "5",
      "--hourly-rate",
      "20",
    ]);
    expect(set.stderr).toBe("");
    expect(JSON.parse(set.stdout)).toEqual({
      project: {
        slug: project.slug,
        overlap: 2,
        overlapMin: 2,
        overlapMax: 5,
        overlapThreshold: 0.75,
        overlapConfidence: null,
        reopened: 0,
        hourlyRate: 20,
      },
    });
    // The weighted rule on and off; a confidence of 1 could never be reached and is refused.
    const weighted = runCli(["project", "set", "--slug", project.slug, "--overlap-confidence", "0.9"]);
    expect(JSON.parse(weighted.stdout).project).toMatchObject({ overlapMin: 2, overlapMax: 5, overlapConfidence: 0.9 });
    const never = runCli(["project", "set", "--slug", project.slug, "--overlap-confidence", "1"]);
    expect(never.code).not.toBe(0);
    expect(never.stderr).toContain("overlapConfidence must be below 1");
    const off = runCli(["project", "set", "--slug", project.slug, "--overlap-confidence", "off"]);
    expect(JSON.parse(off.stdout).project).toMatchObject({ overlapConfidence: null });
    // A lone --overlap-max keeps the minimum.
    const max = runCli(["project", "set", "--slug", project.slug, "--overlap-max", "4"]);
    expect(JSON.parse(max.stdout).project).toMatchObject({ overlapMin: 2, overlapMax: 4 });
    const bad = runCli(["project", "set", "--slug", project.slug, "--overlap-max", "1"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("overlapMax must be at least overlapMin");
    const cost = runCli(["project", "cost", "--slug", project.slug]);
    expect(JSON.parse(cost.stdout)).toMatchObject({ project: project.slug, hourlyRate: 20, total: { answers: 0 } });
    const overlap = runCli(["project", "overlap", "--slug", project.slug]);
    expect(JSON.parse(overlap.stdout)).toMatchObject({
      settings: { overlapMin: 2, overlapMax: 4 },
      report: { items: 0 },
    });

    const admin = (await createApiToken((await makeUser("admin")).email, null)).token;
    const labeler = (await createApiToken((await makeMember(project.slug)).email, null)).token;
    const call = (token: string, method: string, body?: unknown) =>
      new Request("http://localhost/api", {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const at = { params: Promise.resolve({ slug: project.slug }) };
    expect((await overlapRoute(call(labeler, "GET"), at)).status).toBe(403);
    expect((await setCostRoute(call(labeler, "PUT", { hourlyRate: 1 }), at)).status).toBe(403);
    const put = await setOverlapRoute(
      call(admin, "PUT", { overlapMin: 3, overlapMax: 5, overlapThreshold: 0.8, overlapConfidence: 0.95 }),
      at,
    );
    expect(await put.json()).toMatchObject({
      overlap: 3,
      overlapMin: 3,
      overlapMax: 5,
      overlapThreshold: 0.8,
      overlapConfidence: 0.95,
    });
    const half = await setOverlapRoute(
      call(admin, "PUT", { overlapMin: 3, overlapMax: 5, overlapConfidence: 0.5 }),
      at,
    );
    expect(half.status).toBe(400);
    const refused = await setOverlapRoute(call(admin, "PUT", { overlapMin: 0, overlapMax: 5 }), at);
    expect(refused.status).toBe(400);
    expect((await (await overlapRoute(call(admin, "GET"), at)).json()).report).toMatchObject({ fixedOverlap: 5 });
    const rate = await setCostRoute(call(admin, "PUT", { hourlyRate: null }), at);
    expect(await rate.json()).toMatchObject({ hourlyRate: null });
    expect((await costRoute(call(admin, "GET"), at)).status).toBe(200);
  }, 60_000);
});
