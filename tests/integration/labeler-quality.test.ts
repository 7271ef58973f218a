// Issue 16's gates (docs/QUALITY.md) against a real PostgreSQL: qualification only until a
// pass, a fail that blocks and a retry that waits, training feedback, attention checks that
// pause a labeler and release their leases, and the draft refusal.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { editAnswer } from "@/lib/server/answers/edit-answer";
import { skipTask } from "@/lib/server/queue/skip-task";
import { setProjectStatus } from "@/lib/server/queue/project-status";
import { recentAnswersOf } from "@/lib/server/answers/own-answers";
import { overviewProjects } from "@/lib/server/projects/project-progress";
import { workspaceProgress } from "@/lib/server/projects/workspace-progress";
import { labelerProgress } from "@/lib/server/projects/labeler-progress";
import { summaryCandidates } from "@/lib/server/projects/project-figures-queries";
import { setGoldItem } from "@/lib/server/items/set-gold-item";
import { updateQualitySettings } from "@/lib/server/quality/quality-settings";
import {
  gradeDemonstration,
  labelerQualification,
  overrideStanding,
  qualificationStatus,
} from "@/lib/server/quality/qualification";
import type { TaskView } from "@/lib/server/queue/task-view";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";
import { answerGold as answer, completionIds, goldItems } from "../support/quality-factories";

afterAll(() => db.$disconnect());

const roleOf = async (task: TaskView) => (await db.item.findUniqueOrThrow({ where: { id: task.item.id } })).goldRole;

describe("qualification", () => {
  it("serves only qualification items until a pass, then real tasks; the status lists the labeler", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 3, 2);
    const quals = await goldItems(project.slug, 2, "qualification");
    await updateQualitySettings(project.slug, { qualificationRequired: true, qualificationThreshold: 0.75 }, null);
    const labeler = await makeMember(project.slug);

    const served: string[] = [];
    for (let n = 0; n < 2; n += 1) {
      const task = (await claimNextTask(labeler, project.slug))!;
      expect(await roleOf(task)).toBe("qualification");
      served.push(task.item.id);
      // Before the last answer, still only qualification items.
      await answer(labeler, task, true);
    }
    expect(served.sort()).toEqual(quals.map((q) => q.id).sort());

    const real = (await claimNextTask(labeler, project.slug))!;
    expect(await roleOf(real)).toBeNull();
    const status = await qualificationStatus(project.slug);
    expect(status).toEqual({ labelers: [{ email: labeler.email, status: "passed", score: 1, answered: 2 }] });
    const detail = await labelerQualification(project.id, labeler.id);
    expect(detail.answers.map((a) => [a.comparisons, a.agreeing, a.correct])).toEqual([
      [1, 1, true],
      [1, 1, true],
    ]);
  });

  it("gold items are served outside the overlap: a second labeler qualifies on the same items", async () => {
    const project = await makeProject("comparison", 1);
    await goldItems(project.slug, 1, "qualification");
    await makeItems(project.slug, 1, 2);
    await updateQualitySettings(project.slug, { qualificationRequired: true }, null);
    for (const labeler of [await makeMember(project.slug), await makeMember(project.slug)]) {
      const task = (await claimNextTask(labeler, project.slug))!;
      expect(await roleOf(task)).toBe("qualification");
      await answer(labeler, task, true);
    }
    expect((await qualificationStatus(project.slug)).labelers.map((l) => l.status)).toEqual(["passed", "passed"]);
  });

  it("a fail blocks with a notice; without retry it stays; with retry it waits, then starts over", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    await goldItems(project.slug, 2, "qualification");
    await updateQualitySettings(
      project.slug,
      { qualificationRequired: true, qualificationThreshold: 0.75, qualificationRetryHours: 2 },
      null,
    );
    const labeler = await makeMember(project.slug);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, true);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, false);

    await expect(claimNextTask(labeler, project.slug)).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "not_qualified", retryAfter: expect.any(String) },
      message: expect.stringMatching(/^You did not pass this project's qualification\. You may try again after /),
    });
    const standing = await db.labelerStanding.findUniqueOrThrow({
      where: { projectId_labelerId: { projectId: project.id, labelerId: labeler.id } },
    });
    expect([standing.status, standing.score, standing.attempt]).toEqual(["failed", 0.5, 1]);
    expect(standing.retryAfter!.getTime() - standing.decidedAt!.getTime()).toBe(2 * 3_600_000);

    // The waiting period passes: the next claim starts attempt 2 with the qualification items again.
    await db.labelerStanding.update({
      where: { projectId_labelerId: { projectId: project.id, labelerId: labeler.id } },
      data: { retryAfter: new Date(Date.now() - 1000) },
    });
    const again = (await claimNextTask(labeler, project.slug))!;
    expect(await roleOf(again)).toBe("qualification");
    const retried = await db.labelerStanding.findUniqueOrThrow({
      where: { projectId_labelerId: { projectId: project.id, labelerId: labeler.id } },
    });
    expect([retried.status, retried.attempt, retried.answered]).toEqual(["pending", 2, 0]);
    expect(await db.auditEvent.count({ where: { projectId: project.id, action: "qualification.retry" } })).toBe(1);
  });

  it("without a retry period a failed labeler is refused for good, until an admin overrides (audited)", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1, 2);
    await goldItems(project.slug, 1, "qualification");
    await updateQualitySettings(project.slug, { qualificationRequired: true }, null);
    const labeler = await makeMember(project.slug);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, false);
    await expect(claimNextTask(labeler, project.slug)).rejects.toMatchObject({
      message: "You did not pass this project's qualification, and this project does not allow another attempt.",
      details: { reason: "not_qualified" },
    });
    const admin = await makeUser("admin");
    await overrideStanding(project.slug, labeler.id, { action: "pass", reason: "Reviewed by hand" }, admin.id);
    expect(await roleOf((await claimNextTask(labeler, project.slug))!)).toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({
      where: { projectId: project.id, action: "qualification.override_pass" },
    });
    expect([audit.actorId, audit.after]).toEqual([admin.id, { status: "passed", reason: "Reviewed by hand" }]);
  });

  it("skipping the last qualification item decides the attempt: a skip counts as a miss", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1, 2);
    await goldItems(project.slug, 2, "qualification");
    await updateQualitySettings(project.slug, { qualificationRequired: true, qualificationThreshold: 0.75 }, null);
    const labeler = await makeMember(project.slug);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, true);
    await skipTask(labeler, (await claimNextTask(labeler, project.slug))!.id, "too hard");
    // Decided by the skip itself, before any claim (the home page reads the standing): failed at 1/2.
    expect((await qualificationStatus(project.slug)).labelers).toEqual([
      { email: labeler.email, status: "failed", score: 0.5, answered: 1 },
    ]);
    // Not "waiting for an admin to grade your written answers" (there are none).
    await expect(claimNextTask(labeler, project.slug)).rejects.toMatchObject({ details: { reason: "not_qualified" } });
  });

  it("a demonstration qualification waits for the admin's grade", async () => {
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 1, 0);
    const [qual] = await makeItems(project.slug, 1, 0, 5);
    await setGoldItem(project.slug, qual!.id, { role: "qualification" }, null);
    await updateQualitySettings(project.slug, { qualificationRequired: true, qualificationThreshold: 1 }, null);
    const labeler = await makeMember(project.slug);
    const task = (await claimNextTask(labeler, project.slug))!;
    expect(task.item.id).toBe(qual!.id);
    const { annotationId } = await submitAnnotation(labeler, task.id, randomUUID(), { text: "A careful reply." });
    await expect(claimNextTask(labeler, project.slug)).rejects.toMatchObject({
      details: { reason: "qualification_pending" },
    });
    expect(await gradeDemonstration(project.slug, labeler.id, { annotationId, accepted: true }, null)).toEqual({
      status: "passed",
    });
    expect(await roleOf((await claimNextTask(labeler, project.slug))!)).toBeNull();
  });
});

describe("the draft refusal", () => {
  it("a draft project still reads everywhere projects are listed: overview, summaries, a labeler's answers", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    const ids = task!.item.completions.map((c) => c.id);
    await submitAnnotation(labeler, task!.id, randomUUID(), { ranking: [[ids[0]!], [ids[1]!]], strength: 1 });
    await updateQualitySettings(project.slug, { qualificationRequired: true }, null);
    const [answer] = await recentAnswersOf(labeler, { project: project.slug });
    expect(answer!.project).toMatchObject({ slug: project.slug, status: "draft" });
    const { rows } = await overviewProjects(1000, 1000);
    expect(rows.find((p) => p.slug === project.slug)?.status).toBe("draft");
    expect((await summaryCandidates(0, 0)).some((p) => p.slug === project.slug)).toBe(true);
  });

  it("qualification on without qualification items: the project becomes a draft, claims are refused, resuming is refused", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1, 2);
    const labeler = await makeMember(project.slug);
    const result = await updateQualitySettings(project.slug, { qualificationRequired: true }, null);
    expect(result).toMatchObject({ status: "draft", notice: expect.stringContaining("no qualification items") });
    await expect(claimNextTask(labeler, project.slug)).rejects.toMatchObject({ details: { reason: "draft" } });
    const admin = await makeUser("admin");
    await expect(setProjectStatus(project.slug, "active", admin.id)).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "no_qualification_items" },
    });
    // A gold item without an expected answer does not count.
    const [bare] = await makeItems(project.slug, 1, 2);
    const saved = await setGoldItem(project.slug, bare!.id, { role: "qualification" }, null);
    expect(saved.unusable).toMatch(/^No expected answer/);
    await expect(setProjectStatus(project.slug, "active", admin.id)).rejects.toMatchObject({ code: "conflict" });
    await goldItems(project.slug, 1, "qualification");
    await setProjectStatus(project.slug, "active", admin.id);
    expect(await roleOf((await claimNextTask(labeler, project.slug))!)).toBe("qualification");
  });
});

describe("training", () => {
  it("training items come first and each answer returns the gold answer and the explanation", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    const [training] = await goldItems(project.slug, 1, "training", "A answers the question; B does not.");
    await updateQualitySettings(project.slug, { trainingItems: 2 }, null);
    const labeler = await makeMember(project.slug);
    const first = (await claimNextTask(labeler, project.slug))!;
    expect(first.item.id).toBe(training!.id);
    const result = await answer(labeler, first, false);
    expect(result.feedback).toMatchObject({
      itemId: training!.id,
      explanation: "A answers the question; B does not.",
      correct: false,
      position: 1,
      of: 2,
      expected: { best: (await completionIds(training!))[0] },
    });
    // The second of the first two answers is an ordinary item: no gold answer, no feedback.
    const second = (await claimNextTask(labeler, project.slug))!;
    expect(await roleOf(second)).toBeNull();
    expect((await answer(labeler, second, true)).feedback).toBeUndefined();
  });
});

describe("training feedback is final", () => {
  it("an answer followed by its gold answer cannot be changed to match it (gold accuracy weighs votes)", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    const [training] = await goldItems(project.slug, 1, "training", "A answers the question.");
    await updateQualitySettings(project.slug, { trainingItems: 2 }, null);
    const labeler = await makeMember(project.slug);
    const task = (await claimNextTask(labeler, project.slug))!;
    expect(task.item.id).toBe(training!.id);
    const { annotationId, feedback } = await answer(labeler, task, false);
    const best = (feedback!.expected as { best: string }).best;
    const other = task.item.completions.map((c) => c.id).find((id) => id !== best)!;
    await expect(
      editAnswer(labeler, annotationId, randomUUID(), { ranking: [[best], [other]], strength: 2 }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "answer_trained" } });
    // My recent answers says so before the labeler tries.
    expect((await recentAnswersOf(labeler)).find((a) => a.id === annotationId)!.edit).toEqual({
      editable: false,
      editableUntil: null,
      lock: "trained",
    });
    // An ordinary answer (no gold answer) in the training phase stays editable.
    const plain = (await claimNextTask(labeler, project.slug))!;
    const ids = plain.item.completions.map((c) => c.id);
    const stored = await submitAnnotation(labeler, plain.id, randomUUID(), {
      ranking: [[ids[0]!], [ids[1]!]],
      strength: 2,
    });
    expect(
      (await editAnswer(labeler, stored.annotationId, randomUUID(), { ranking: [[ids[1]!], [ids[0]!]], strength: 2 }))
        .revision,
    ).toBe(2);
  });

  it("what was shown decides, not the training length an admin sets later", async () => {
    const project = await makeProject("comparison", 1);
    // Plain gold items (no role): feedback follows them only within the first N answers.
    const [shown, unseen] = await makeItems(project.slug, 2, 2);
    for (const item of [shown!, unseen!]) {
      const [best] = await completionIds(item);
      await setGoldItem(project.slug, item.id, { best, explanation: "The first reply is right." }, null);
    }
    await updateQualitySettings(project.slug, { trainingItems: 1 }, null);
    const labeler = await makeMember(project.slug);
    const first = (await claimNextTask(labeler, project.slug))!;
    expect(first.item.id).toBe(shown!.id);
    const trained = await answer(labeler, first, false);
    expect(trained.feedback).toBeTruthy();
    const second = (await claimNextTask(labeler, project.slug))!;
    const untrained = await answer(labeler, second, false);
    expect(untrained.feedback ?? null).toBeNull();
    const flip = async (task: TaskView, annotationId: string) => {
      const ids = task.item.completions.map((c) => c.id);
      return editAnswer(labeler, annotationId, randomUUID(), { ranking: [[ids[0]!], [ids[1]!]], strength: 2 });
    };
    // The admin ends training: the answer they saw the gold answer for stays final.
    await updateQualitySettings(project.slug, { trainingItems: 0 }, null);
    await expect(flip(first, trained.annotationId)).rejects.toMatchObject({ details: { reason: "answer_trained" } });
    // The admin lengthens training: the answer shown no feedback stays editable.
    await updateQualitySettings(project.slug, { trainingItems: 5 }, null);
    expect((await flip(second, untrained.annotationId)).revision).toBe(2);
    await expect(flip(first, trained.annotationId)).rejects.toMatchObject({ details: { reason: "answer_trained" } });
  });
});

describe("a decided qualification's answers are final", () => {
  it("editable while pending; after the decision an edit is refused and My recent answers says why", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1, 2);
    await goldItems(project.slug, 2, "qualification");
    await updateQualitySettings(project.slug, { qualificationRequired: true, qualificationThreshold: 0.75 }, null);
    const labeler = await makeMember(project.slug);
    const first = (await claimNextTask(labeler, project.slug))!;
    const right = await answer(labeler, first, true);
    const lockOf = async (annotationId: string) =>
      (await recentAnswersOf(labeler, { project: project.slug })).find((a) => a.id === annotationId)!.edit;
    // Pending: the answer can still change (it is scored when the last one is in).
    expect(await lockOf(right.annotationId)).toMatchObject({ editable: true, lock: null });
    const second = (await claimNextTask(labeler, project.slug))!;
    const wrong = await answer(labeler, second, false);
    expect((await qualificationStatus(project.slug)).labelers[0]).toMatchObject({ status: "failed", score: 0.5 });
    // Turning the wrong answer around now would make the admin's results disagree with the score.
    const ids = second.item.completions.map((c) => c.id);
    for (const ranking of [
      [[ids[0]!], [ids[1]!]],
      [[ids[1]!], [ids[0]!]],
    ])
      await expect(
        editAnswer(labeler, wrong.annotationId, randomUUID(), { ranking, strength: 2 }),
      ).rejects.toMatchObject({ code: "conflict", details: { reason: "answer_qualification_decided" } });
    for (const id of [right.annotationId, wrong.annotationId])
      expect(await lockOf(id)).toEqual({ editable: false, editableUntil: null, lock: "qualification" });
  });
});

describe("attention checks", () => {
  it("misses over the last M checks pause the labeler: leases released, notice, standing, audit; unpause lets them go on", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 6, 2);
    await goldItems(project.slug, 3, "attention");
    // Every claim is a check while checks are left: a rate of 1.
    await updateQualitySettings(project.slug, { attentionRate: 1, attentionWindow: 2, attentionThreshold: 0.75 }, null);
    const labeler = await makeMember(project.slug);
    const check1 = (await claimNextTask(labeler, project.slug))!;
    expect(await roleOf(check1)).toBe("attention");
    await answer(labeler, check1, true);
    const check2 = (await claimNextTask(labeler, project.slug))!;
    expect(await roleOf(check2)).toBe("attention");
    // A lease in hand on another project item would go back: simulate one held lease by
    // checking that no active lease is left after the pause.
    await answer(labeler, check2, false);

    await expect(claimNextTask(labeler, project.slug)).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "labeler_paused" },
      message: expect.stringMatching(/^You are paused on this project/),
    });
    const standing = await db.labelerStanding.findUniqueOrThrow({
      where: { projectId_labelerId: { projectId: project.id, labelerId: labeler.id } },
    });
    expect([standing.paused, standing.pauseReason]).toEqual([
      true,
      "Attention checks: 50% correct over the last 2, below 75%",
    ]);
    expect(await db.auditEvent.count({ where: { projectId: project.id, action: "labeler.pause" } })).toBe(1);

    await overrideStanding(project.slug, labeler.id, { action: "unpause", reason: "Talked it through" }, null);
    expect(await claimNextTask(labeler, project.slug)).not.toBeNull();
  });

  it("the progress line counts a check like any task: 'Left for you' falls by one per task served", async () => {
    const project = await makeProject("comparison", 1);
    const [first, , , last] = await makeItems(project.slug, 4, 2);
    await updateQualitySettings(project.slug, { attentionRate: 1 }, null);
    const labeler = await makeMember(project.slug);
    const left = async () => (await workspaceProgress(labeler, project.slug, new Date())).remaining;
    // No check yet: the first claim is an ordinary item; then the last item becomes a check.
    const real1 = (await claimNextTask(labeler, project.slug))!;
    expect(real1.item.id).toBe(first!.id);
    const [best] = await completionIds(last!);
    await setGoldItem(project.slug, last!.id, { best, role: "attention" }, null);
    const seen = [await left()];
    await answer(labeler, real1, true);
    const check = (await claimNextTask(labeler, project.slug))!;
    expect(await roleOf(check)).toBe("attention");
    seen.push(await left());
    await answer(labeler, check, true);
    const real2 = (await claimNextTask(labeler, project.slug))!;
    expect(await roleOf(real2)).toBeNull();
    seen.push(await left());
    // Held real, held check, held real: nothing tells the check apart.
    expect(seen).toEqual([4, 3, 2]);
  });

  it("'Left for you' follows the gate: qualification items, then none while failed, then the real tasks", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 3, 2);
    await goldItems(project.slug, 2, "qualification");
    await goldItems(project.slug, 1, "training");
    await updateQualitySettings(
      project.slug,
      { qualificationRequired: true, qualificationThreshold: 0.75, trainingItems: 1 },
      null,
    );
    const labeler = await makeMember(project.slug);
    const progress = async () => {
      const line = await workspaceProgress(labeler, project.slug, new Date());
      const home = (await labelerProgress(labeler.id, [project.id])).get(project.id)!;
      expect(home.remaining).toBe(line.remaining);
      expect(home.gate).toBe(line.gate);
      return [line.remaining, line.gate];
    };
    // Two qualification questions, not the three real tasks nor the training item.
    expect(await progress()).toEqual([2, "qualification"]);
    const first = (await claimNextTask(labeler, project.slug))!;
    expect(await progress()).toEqual([2, "qualification"]);
    await answer(labeler, first, true);
    expect(await progress()).toEqual([1, "qualification"]);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, false);
    // Failed: nothing is left for them, and the home page says why.
    expect(await progress()).toEqual([0, "not_qualified"]);
    // Passed by an admin: the real tasks and the training item that comes first.
    await overrideStanding(project.slug, labeler.id, { action: "pass", reason: "Interviewed" }, null);
    expect(await progress()).toEqual([4, null]);
    const training = (await claimNextTask(labeler, project.slug))!;
    expect(await roleOf(training)).toBe("training");
    await answer(labeler, training, true);
    expect(await progress()).toEqual([3, null]);
  });

  it("'Left for you' is nothing while paused, with the reason", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    await goldItems(project.slug, 1, "attention");
    await updateQualitySettings(project.slug, { attentionRate: 1, attentionWindow: 1, attentionThreshold: 1 }, null);
    const labeler = await makeMember(project.slug);
    expect((await workspaceProgress(labeler, project.slug, new Date())).remaining).toBe(3);
    await answer(labeler, (await claimNextTask(labeler, project.slug))!, false);
    expect(await workspaceProgress(labeler, project.slug, new Date())).toMatchObject({
      remaining: 0,
      gate: "labeler_paused",
    });
  });

  it("a pause releases the labeler's open leases to the queue", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    const [check] = await goldItems(project.slug, 1, "attention");
    await updateQualitySettings(project.slug, { attentionRate: 1, attentionWindow: 1, attentionThreshold: 1 }, null);
    const labeler = await makeMember(project.slug);
    const task = (await claimNextTask(labeler, project.slug))!;
    expect(task.item.id).toBe(check!.id);
    // A second lease in the project (held in another tab, say), made by hand on an ordinary item.
    const other = await db.slot.findFirstOrThrow({ where: { projectId: project.id, item: { goldRole: null } } });
    await db.slot.update({
      where: { id: other.id },
      data: { state: "leased", labelerId: labeler.id, leaseExpiresAt: new Date(Date.now() + 600_000) },
    });
    const held = await db.lease.create({
      data: {
        slotId: other.id,
        itemId: other.itemId,
        projectId: project.id,
        labelerId: labeler.id,
        state: "active",
        displayOrder: [],
        expiresAt: new Date(Date.now() + 600_000),
      },
    });
    await answer(labeler, task, false);
    expect((await db.lease.findUniqueOrThrow({ where: { id: held.id } })).state).toBe("released");
    expect((await db.slot.findUniqueOrThrow({ where: { id: other.id } })).state).toBe("open");
  });
});
