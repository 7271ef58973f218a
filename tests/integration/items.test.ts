import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { itemDetail } from "@/lib/server/items/item-detail";
import { ITEMS_PAGE_SIZE, itemNeighbours, listItems } from "@/lib/server/items/list-items";
import { raiseItemOverlap } from "@/lib/server/items/raise-item-overlap";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

describe("items for admins", () => {
  it("pages in arrival order and filters by status and flags", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, ITEMS_PAGE_SIZE + 5);
    const first = await listItems(project.id, {});
    expect(first.items).toHaveLength(ITEMS_PAGE_SIZE);
    expect(first.items.map((i) => Number(i.seq))).toEqual(
      [...first.items.map((i) => Number(i.seq))].sort((a, b) => a - b),
    );
    const second = await listItems(project.id, { after: BigInt(first.nextAfter!) });
    expect(second.items).toHaveLength(5);
    expect(second.nextAfter).toBeNull();

    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    const [a, b] = task!.item.completions.map((c) => c.id);
    await submitAnnotation(labeler, task!.id, randomUUID(), {
      ranking: [[a!], [b!]],
      strength: 2,
      flags: { [b!]: ["harmful"] },
    });
    const done = await listItems(project.id, { status: "done" });
    expect(done.items.map((i) => i.id)).toEqual([task!.item.id]);
    expect(done.items[0]).toMatchObject({ annotations: 1, slots: 1, completions: 2, flagged: true });
    expect((await listItems(project.id, { flagged: true })).items).toHaveLength(1);
    expect((await listItems(project.id, { flagged: false })).items).toHaveLength(ITEMS_PAGE_SIZE);

    const detail = await itemDetail(project.id, task!.item.id);
    expect(detail!.annotations[0]!.labeler.email).toBe(labeler.email);
    expect(await itemDetail(randomUUID(), task!.item.id)).toBeNull();
  });

  it("pages back as well as forward, and names an item's neighbours in the same filter", async () => {
    const project = await makeProject("comparison", 1);
    const items = await makeItems(project.slug, ITEMS_PAGE_SIZE + 5);
    const first = await listItems(project.id, {});
    expect(first.prevBefore).toBeNull();
    const second = await listItems(project.id, { after: BigInt(first.nextAfter!) });
    expect(second.items.map((i) => i.number)).toEqual([51, 52, 53, 54, 55]);
    expect(second.prevBefore).toBe(second.items[0]!.seq);
    const back = await listItems(project.id, { before: BigInt(second.prevBefore!) });
    expect(back.items.map((i) => i.id)).toEqual(first.items.map((i) => i.id));
    expect(back.prevBefore).toBeNull();
    expect(back.nextAfter).toBe(first.nextAfter);

    const middle = items[10]!;
    const around = await itemNeighbours(project.id, middle.seq, {});
    expect(around.previous).toEqual({ id: items[9]!.id, number: 10 });
    expect(around.next).toEqual({ id: items[11]!.id, number: 12 });
    expect((await itemNeighbours(project.id, items[0]!.seq, {})).previous).toBeNull();
    // In a filter that leaves the middle items out, the neighbours skip them too.
    await db.item.updateMany({ where: { id: { in: [items[9]!.id, items[11]!.id] } }, data: { isGold: true } });
    const notGold = await itemNeighbours(project.id, middle.seq, { gold: false });
    expect(notGold.previous?.number).toBe(9);
    expect(notGold.next?.number).toBe(13);
  });

  it("reopens an item for one more labeler", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    const [item] = await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    await submitAnnotation(labeler, task!.id, randomUUID(), {
      ranking: task!.item.completions.map((c) => [c.id]),
      strength: 1,
    });
    await raiseItemOverlap(project.id, item!.id, admin.id);
    expect(await db.item.findUniqueOrThrow({ where: { id: item!.id } })).toMatchObject({ status: "open" });
    const other = await makeMember(project.slug);
    expect((await claimNextTask(other, project.slug))!.item.id).toBe(item!.id);
    await expect(raiseItemOverlap(randomUUID(), item!.id, admin.id)).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("item agreement", () => {
  it("is stored once two labelers ranked an item, and items can be filtered by it", async () => {
    const project = await makeProject("ranking", 2);
    const [agreed, split] = await makeItems(project.slug, 2, 3);
    const [l1, l2] = [await makeMember(project.slug), await makeMember(project.slug)];
    const order = async (itemId: string) =>
      (await db.completion.findMany({ where: { itemId }, orderBy: { position: "asc" } })).map((c) => c.id);
    const [a1, b1, c1] = await order(agreed!.id);
    const [a2, b2, c2] = await order(split!.id);
    const answer = async (labeler: typeof l1, rankings: Record<string, string[][]>) => {
      for (;;) {
        const task = await claimNextTask(labeler, project.slug);
        if (!task) return;
        await submitAnnotation(labeler, task.id, randomUUID(), { ranking: rankings[task.item.id]! });
      }
    };
    await answer(l1, { [agreed!.id]: [[a1!], [b1!], [c1!]], [split!.id]: [[a2!], [b2!], [c2!]] });
    expect((await db.item.findUniqueOrThrow({ where: { id: agreed!.id } })).agreement).toBeNull();
    await answer(l2, { [agreed!.id]: [[a1!], [b1!], [c1!]], [split!.id]: [[c2!], [b2!], [a2!]] });
    expect((await db.item.findUniqueOrThrow({ where: { id: agreed!.id } })).agreement).toBe(1);
    expect((await db.item.findUniqueOrThrow({ where: { id: split!.id } })).agreement).toBe(0);
    expect((await listItems(project.id, { agreementBelow: 0.5 })).items.map((i) => i.id)).toEqual([split!.id]);
    expect((await listItems(project.id, { agreementUnknown: true })).items).toEqual([]);
  });
});
