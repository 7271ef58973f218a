// "Left for you" (remainingFor, lib/server/projects/project-queries.ts) against what repeated
// claims really hand out (rlhf_claim_task, rlhf_quality_slot): the count before each claim is
// the number of tasks the claims that follow serve, in each state of the quality gate.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { workspaceProgress } from "@/lib/server/projects/workspace-progress";
import { labelerProgress } from "@/lib/server/projects/labeler-progress";
import { updateQualitySettings } from "@/lib/server/quality/quality-settings";
import { overrideStanding } from "@/lib/server/quality/qualification";
import { makeItems, makeMember, makeProject } from "../support/factories";
import { answerGold as answer, goldItems } from "../support/quality-factories";

afterAll(() => db.$disconnect());

type Labeler = Awaited<ReturnType<typeof makeMember>>;

/** The progress line and the home card, which must agree. */
async function progress(labeler: Labeler, project: { id: string; slug: string }) {
  const line = await workspaceProgress(labeler, project.slug, new Date());
  const home = (await labelerProgress(labeler.id, [project.id])).get(project.id)!;
  expect([home.remaining, home.gate]).toEqual([line.remaining, line.gate]);
  return [line.remaining, line.gate] as const;
}

/** Claims and answers (right) until nothing is served; how many tasks were served. */
async function drain(labeler: Labeler, slug: string) {
  let served = 0;
  for (;;) {
    const task = await claimNextTask(labeler, slug).catch(() => null);
    if (!task) return served;
    served += 1;
    await answer(labeler, task, true);
  }
}

describe("'Left for you' is what the claims serve", () => {
  it("a failed labeler whose wait is over: the next claim starts a new attempt, so its questions are left", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    await goldItems(project.slug, 2, "qualification");
    await updateQualitySettings(
      project.slug,
      { qualificationRequired: true, qualificationThreshold: 0.75, qualificationRetryHours: 1 },
      null,
    );
    const labeler = await makeMember(project.slug);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, true);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, false);
    expect(await progress(labeler, project)).toEqual([0, "not_qualified"]);
    await db.labelerStanding.update({
      where: { projectId_labelerId: { projectId: project.id, labelerId: labeler.id } },
      data: { retryAfter: new Date(Date.now() - 1000) },
    });
    // Before the claim that starts attempt 2: its two questions.
    expect(await progress(labeler, project)).toEqual([2, "qualification"]);
    const task = (await claimNextTask(labeler, project.slug))!;
    expect((await db.item.findUniqueOrThrow({ where: { id: task.item.id } })).goldRole).toBe("qualification");
    expect(await progress(labeler, project)).toEqual([2, "qualification"]);
  });

  it("a training item in hand is one of the first N answers: not counted twice", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1, 2);
    await goldItems(project.slug, 2, "training");
    await updateQualitySettings(project.slug, { trainingItems: 1 }, null);
    const labeler = await makeMember(project.slug);
    // One training item (N = 1), then the real one.
    expect(await progress(labeler, project)).toEqual([2, null]);
    const training = (await claimNextTask(labeler, project.slug))!;
    expect((await db.item.findUniqueOrThrow({ where: { id: training.item.id } })).goldRole).toBe("training");
    expect(await progress(labeler, project)).toEqual([2, null]);
    await answer(labeler, training, true);
    expect(await progress(labeler, project)).toEqual([1, null]);
    expect(await drain(labeler, project.slug)).toBe(1);
  });

  it("a pause holds once the project's checks are all turned off, until an admin lifts it", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    await goldItems(project.slug, 1, "attention");
    await updateQualitySettings(project.slug, { attentionRate: 1, attentionWindow: 1, attentionThreshold: 1 }, null);
    const labeler = await makeMember(project.slug);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, false);
    expect(await progress(labeler, project)).toEqual([0, "labeler_paused"]);
    await updateQualitySettings(project.slug, { attentionRate: 0 }, null);
    expect(await progress(labeler, project)).toEqual([0, "labeler_paused"]);
    expect(await drain(labeler, project.slug)).toBe(0);
    await overrideStanding(project.slug, labeler.id, { action: "unpause", reason: "Talked to them" }, null);
    expect(await progress(labeler, project)).toEqual([2, null]);
    expect(await drain(labeler, project.slug)).toBe(2);
  });

  it("checks are mixed into real work: once no real task is left, none is served and none counted", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1, 2);
    await goldItems(project.slug, 2, "attention");
    const labeler = await makeMember(project.slug);
    // The real task first (no checks yet), then the admin turns the checks on at rate 1.
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, true);
    await updateQualitySettings(project.slug, { attentionRate: 1 }, null);
    expect(await progress(labeler, project)).toEqual([0, null]);
    expect(await drain(labeler, project.slug)).toBe(0);
    // A new real task brings the checks back: at rate 1 they come first, and the count holds.
    await makeItems(project.slug, 1, 2);
    expect(await progress(labeler, project)).toEqual([3, null]);
    expect(await drain(labeler, project.slug)).toBe(3);
    expect(await progress(labeler, project)).toEqual([0, null]);
  });
});
