import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { raiseItemOverlap } from "@/lib/server/items/raise-item-overlap";
import { updateProject } from "@/lib/server/projects/update-project";
import { setProjectStatus } from "@/lib/server/queue/project-status";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { skipTask } from "@/lib/server/queue/skip-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

const settings = {
  name: "Renamed",
  overlap: 1,
  leaseMinutes: 10,
  minCompletions: 2,
  maxCompletions: 2,
  likertEnabled: true,
  flags: ["harmful", "off_topic", "harmful"],
  minDemoLength: 0,
  guidelines: "",
};

describe("updateProject", () => {
  it("versions guidelines only when they change, and records before and after", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    const v1 = await updateProject(project.slug, { ...settings, guidelines: "# Rules v1" }, admin.id);
    expect(v1).toMatchObject({
      guidelineVersion: 1,
      name: "Renamed",
      leaseSeconds: 600,
      likertEnabled: true,
      flags: ["harmful", "off_topic"],
    });
    expect(
      (await updateProject(project.slug, { ...settings, guidelines: "# Rules v1" }, admin.id)).guidelineVersion,
    ).toBe(1);
    expect(
      (await updateProject(project.slug, { ...settings, guidelines: "# Rules v2" }, admin.id)).guidelineVersion,
    ).toBe(2);
    const versions = await db.guidelineVersion.findMany({
      where: { projectId: project.id },
      orderBy: { version: "asc" },
    });
    expect(versions.map((v) => v.body)).toEqual(["# Rules v1", "# Rules v2"]);
    const audit = await db.auditEvent.findMany({
      where: { projectId: project.id, action: "project.update" },
      orderBy: { id: "asc" },
    });
    expect(audit[0]).toMatchObject({
      before: { name: project.name, guidelineVersion: 0 },
      after: { name: "Renamed", guidelineVersion: 1 },
    });
  });

  it("refuses a completion range the kind cannot take", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    await expect(updateProject(project.slug, { ...settings, maxCompletions: 3 }, admin.id)).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(
      updateProject(project.slug, { ...settings, minCompletions: 3, maxCompletions: 2 }, admin.id),
    ).rejects.toThrow("the minimum number of completions is above the maximum");
  });

  it("adds slots and reopens finished items when overlap rises; removes only free slots when it falls", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    const [item] = await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    await submitAnnotation(labeler, task!.id, randomUUID(), {
      ranking: task!.item.completions.map((c) => [c.id]),
      strength: 1,
    });
    expect(await db.item.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "done" });

    await updateProject(project.slug, { ...settings, overlap: 3 }, admin.id);
    expect(await db.slot.count({ where: { itemId: item!.id } })).toBe(3);
    expect(await db.item.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "open" });
    const second = await makeMember(project.slug);
    expect((await claimNextTask(second, project.slug))!.item.id).toBe(item!.id);

    await updateProject(project.slug, { ...settings, overlap: 1 }, admin.id);
    // The answered slot and the one being labeled stay; the free one goes.
    expect(await db.slot.count({ where: { itemId: item!.id } })).toBe(2);
  });

  it("raises overlap after one item got one more labeler: only the missing slots are added", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    const [extra, plain, wide] = await makeItems(project.slug, 3);
    // "One more labeler" on two items: slots 0-1 on one, 0-3 on another (more than the new overlap).
    await raiseItemOverlap(project.id, extra!.id, admin.id);
    for (let i = 0; i < 3; i += 1) await raiseItemOverlap(project.id, wide!.id, admin.id);

    await updateProject(project.slug, { ...settings, overlap: 3 }, admin.id);
    const slotIndexes = async (itemId: string) =>
      (await db.slot.findMany({ where: { itemId }, orderBy: { index: "asc" } })).map((s) => s.index);
    expect(await slotIndexes(extra!.id)).toEqual([0, 1, 2]);
    expect(await slotIndexes(plain!.id)).toEqual([0, 1, 2]);
    expect(await slotIndexes(wide!.id)).toEqual([0, 1, 2, 3]);
  });

  it("gives one more labeler after a lower overlap left a gap in the slot indexes", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 3);
    const [item] = await makeItems(project.slug, 1);
    // Three labelers hold slots 0, 1 and 2; the second skips, so slot 1 is free again.
    const labelers = [await makeMember(project.slug), await makeMember(project.slug), await makeMember(project.slug)];
    const tasks = [];
    for (const labeler of labelers) tasks.push((await claimNextTask(labeler, project.slug))!);
    await skipTask(labelers[1]!, tasks[1]!.id, "not my field");
    // Lowering to 1 removes the free slot 1 and keeps the held ones: indexes 0 and 2 (two slots).
    await updateProject(project.slug, { ...settings, overlap: 1 }, admin.id);
    const indexes = async () =>
      (await db.slot.findMany({ where: { itemId: item!.id }, orderBy: { index: "asc" } })).map((s) => s.index);
    expect(await indexes()).toEqual([0, 2]);
    await raiseItemOverlap(project.id, item!.id, admin.id);
    expect(await indexes()).toEqual([0, 2, 3]);
  });

  it("pauses, resumes and archives, each audited", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);
    await setProjectStatus(project.slug, "paused", admin.id);
    await expect(claimNextTask(labeler, project.slug)).rejects.toMatchObject({ code: "conflict" });
    await setProjectStatus(project.slug, "active", admin.id);
    expect(await claimNextTask(labeler, project.slug)).not.toBeNull();
    await setProjectStatus(project.slug, "archived", admin.id);
    const actions = (
      await db.auditEvent.findMany({
        where: { projectId: project.id, action: { startsWith: "project." } },
        orderBy: { id: "asc" },
      })
    ).map((a) => a.action);
    expect(actions).toEqual(["project.create", "project.pause", "project.resume", "project.archive"]);
  });
});
