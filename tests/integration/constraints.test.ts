// The guarantees of docs/DESIGN.md that the database itself must enforce, whatever the code does.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { makeItem, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

async function leaseSlot(slotId: string, itemId: string, projectId: string, labelerId: string) {
  const expiresAt = new Date(Date.now() + 60_000);
  await db.slot.update({ where: { id: slotId }, data: { state: "leased", labelerId, leaseExpiresAt: expiresAt } });
  return db.lease.create({ data: { slotId, itemId, projectId, labelerId, expiresAt } });
}

function annotationData(p: { projectId: string; itemId: string; slotId: string; leaseId: string; labelerId: string }) {
  return { ...p, ranking: [["a"], ["b"]], guidelineVersion: 0, idempotencyKey: randomUUID() };
}

describe("database guarantees", () => {
  it("never stores two annotations by one labeler on one item", async () => {
    const project = await makeProject("comparison", 2);
    const item = await makeItem(project.slug);
    const labeler = await makeUser();
    const [slotA, slotB] = item.slots;
    const leaseA = await leaseSlot(slotA!.id, item.id, project.id, labeler.id);
    await db.annotation.create({
      data: annotationData({
        projectId: project.id,
        itemId: item.id,
        slotId: slotA!.id,
        leaseId: leaseA.id,
        labelerId: labeler.id,
      }),
    });
    // Bypass the slot rule to reach the annotation rule: a second lease row on the other slot.
    const leaseB = await db.lease.create({
      data: { slotId: slotB!.id, itemId: item.id, projectId: project.id, labelerId: labeler.id, expiresAt: new Date() },
    });
    await expect(
      db.annotation.create({
        data: annotationData({
          projectId: project.id,
          itemId: item.id,
          slotId: slotB!.id,
          leaseId: leaseB.id,
          labelerId: labeler.id,
        }),
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("never gives one labeler two slots of one item", async () => {
    const project = await makeProject("ranking", 3);
    const item = await makeItem(project.slug, 3);
    const labeler = await makeUser();
    await leaseSlot(item.slots[0]!.id, item.id, project.id, labeler.id);
    await expect(leaseSlot(item.slots[1]!.id, item.id, project.id, labeler.id)).rejects.toMatchObject({
      code: "P2002",
    });
  });

  it("answers each slot at most once, so an item never gets more than `overlap` annotations", async () => {
    const project = await makeProject("comparison", 1);
    const item = await makeItem(project.slug);
    expect(item.slots).toHaveLength(1);
    const [first, second] = [await makeUser(), await makeUser()];
    const lease = await leaseSlot(item.slots[0]!.id, item.id, project.id, first.id);
    await db.annotation.create({
      data: annotationData({
        projectId: project.id,
        itemId: item.id,
        slotId: item.slots[0]!.id,
        leaseId: lease.id,
        labelerId: first.id,
      }),
    });
    const otherLease = await db.lease.create({
      data: {
        slotId: item.slots[0]!.id,
        itemId: item.id,
        projectId: project.id,
        labelerId: second.id,
        expiresAt: new Date(),
      },
    });
    await expect(
      db.annotation.create({
        data: annotationData({
          projectId: project.id,
          itemId: item.id,
          slotId: item.slots[0]!.id,
          leaseId: otherLease.id,
          labelerId: second.id,
        }),
      }),
    ).rejects.toMatchObject({ code: "P2002" });
  });

  it("keeps external ids unique per project, not across projects", async () => {
    const [p1, p2] = [await makeProject(), await makeProject()];
    const base = { externalId: "same-id", contentHash: "h", messages: [] };
    await db.item.create({ data: { ...base, projectId: p1.id } });
    await db.item.create({ data: { ...base, projectId: p2.id } });
    await expect(db.item.create({ data: { ...base, projectId: p1.id } })).rejects.toMatchObject({ code: "P2002" });
  });

  it("refuses out-of-range settings and inconsistent slots (CHECK constraints)", async () => {
    const project = await makeProject();
    await expect(db.project.update({ where: { id: project.id }, data: { overlap: 0 } })).rejects.toThrow(
      /projects_overlap_range/,
    );
    await expect(db.project.update({ where: { id: project.id }, data: { slug: "Not A Slug" } })).rejects.toThrow(
      /projects_slug_format/,
    );
    const item = await makeItem(project.slug);
    await expect(db.slot.update({ where: { id: item.slots[0]!.id }, data: { state: "leased" } })).rejects.toThrow(
      /slots_state_consistent/,
    );
    await expect(
      db.user.create({ data: { email: "Upper@Case.example", name: "x", passwordHash: "x" } }),
    ).rejects.toThrow(/users_email_normalized/);
  });
});
