// What pause and archive do to work in hand (docs/GUIDE.md, Administration): a pause stops new
// claims but lets a task already held be finished; an archive ends all work at once.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/server/db/client";
import { setProjectStatus } from "@/lib/server/queue/project-status";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { extendLease } from "@/lib/server/queue/extend-lease";
import { saveDraft } from "@/lib/server/queue/save-draft";
import { skipTask } from "@/lib/server/queue/skip-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import type { TaskView } from "@/lib/server/queue/task-view";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const answerFor = (task: TaskView) => ({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 as const });
const archived = {
  code: "conflict",
  message: "This project was archived: its tasks can no longer be worked on",
  details: { reason: "project_archived" },
};

describe("archive", () => {
  it("releases every lease at once; submit, heartbeat, draft and skip then get 409 saying why", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 3, 0);
    const [first, second] = [await makeMember(project.slug), await makeMember(project.slug)];
    const held = [(await claimNextTask(first, project.slug))!, (await claimNextTask(second, project.slug))!];

    await setProjectStatus(project.slug, "archived", admin.id);

    const leases = await db.lease.findMany({ where: { id: { in: held.map((t) => t.id) } }, include: { slot: true } });
    expect(leases.map((l) => l.state)).toEqual(["released", "released"]);
    expect(leases.map((l) => [l.slot.state, l.slot.labelerId])).toEqual([
      ["open", null],
      ["open", null],
    ]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { projectId: project.id, action: "project.archive" } });
    expect(audit.after).toMatchObject({ status: "archived", releasedLeases: 2 });

    const [task] = held as [TaskView];
    await expect(submitAnnotation(first, task.id, randomUUID(), { text: "An answer" })).rejects.toMatchObject(archived);
    await expect(extendLease(first, task.id)).rejects.toMatchObject(archived);
    await expect(saveDraft(first, task.id, "still typing")).rejects.toMatchObject(archived);
    await expect(skipTask(first, task.id, "too late")).rejects.toMatchObject(archived);
    await expect(claimNextTask(first, project.slug)).rejects.toMatchObject({
      code: "conflict",
      message: "This project is archived",
    });
    expect(await db.annotation.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.skip.count({ where: { item: { projectId: project.id } } })).toBe(0);
    expect(await db.draft.count({ where: { item: { projectId: project.id } } })).toBe(0);
  });

  it("still answers a retried submit that was stored before the archive with the same annotation", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);
    const task = (await claimNextTask(labeler, project.slug))!;
    const key = randomUUID();
    const stored = await submitAnnotation(labeler, task.id, key, answerFor(task));
    await setProjectStatus(project.slug, "archived", admin.id);
    await expect(submitAnnotation(labeler, task.id, key, answerFor(task))).resolves.toEqual({
      annotationId: stored.annotationId,
      replayed: true,
    });
  });
});

describe("archive racing a claim", () => {
  it("leaves no active lease behind when a claim was in flight", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2);
    const labeler = await makeMember(project.slug);
    // Hold the labeler's membership row, as a claim of theirs in flight does, so that the
    // next claim is caught between reading the project and taking its own lock.
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT 1 FROM memberships WHERE user_id = $1 FOR UPDATE", [labeler.id]);
      const claim = claimNextTask(labeler, project.slug).catch((error: unknown) => error);
      await sleep(300);
      const archive = setProjectStatus(project.slug, "archived", admin.id);
      await sleep(300);
      await client.query("ROLLBACK");
      const [outcome] = await Promise.all([claim, archive]);
      // The claim got its task before the archive, or heard that the project is archived.
      if (outcome instanceof Error) expect(outcome).toMatchObject({ message: "This project is archived" });
      else expect(outcome).toHaveProperty("id");
    } finally {
      client.release();
    }
    expect(await db.lease.count({ where: { projectId: project.id, state: "active" } })).toBe(0);
    expect(await db.slot.count({ where: { projectId: project.id, state: "leased" } })).toBe(0);
  });
});

describe("pause", () => {
  it("stops new claims, but a task in hand comes back on refresh and can be finished", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 3);
    const [holder, newcomer] = [await makeMember(project.slug), await makeMember(project.slug)];
    const task = (await claimNextTask(holder, project.slug))!;

    await setProjectStatus(project.slug, "paused", admin.id);

    const paused = { code: "conflict", message: "This project is paused: no new tasks until an admin resumes it" };
    await expect(claimNextTask(newcomer, project.slug)).rejects.toMatchObject(paused);
    // A reload of the labeling page returns the task in hand.
    expect((await claimNextTask(holder, project.slug))!.id).toBe(task.id);
    await expect(extendLease(holder, task.id)).resolves.toHaveProperty("expiresAt");
    const { annotationId } = await submitAnnotation(holder, task.id, randomUUID(), answerFor(task));
    expect(await db.annotation.findUnique({ where: { id: annotationId } })).not.toBeNull();
    // Finished: nothing new for them either until the project is resumed.
    await expect(claimNextTask(holder, project.slug)).rejects.toMatchObject(paused);

    await setProjectStatus(project.slug, "active", admin.id);
    expect(await claimNextTask(newcomer, project.slug)).not.toBeNull();
  });

  it("lets a task in hand be skipped and its draft saved", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 2, 0);
    const labeler = await makeMember(project.slug);
    const task = (await claimNextTask(labeler, project.slug))!;
    await setProjectStatus(project.slug, "paused", admin.id);
    await expect(saveDraft(labeler, task.id, "half an answer")).resolves.toHaveProperty("savedAt");
    await expect(skipTask(labeler, task.id, "not my field")).resolves.toBeUndefined();
    expect(await db.lease.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ state: "skipped" });
  });
});
