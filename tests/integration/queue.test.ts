// The queue's guarantees (docs/DESIGN.md) against a real PostgreSQL, under concurrency.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/server/db/client";
import { releaseExpiredLeases } from "@/lib/server/queue/lease-sweeper";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { extendLease } from "@/lib/server/queue/extend-lease";
import { saveDraft } from "@/lib/server/queue/save-draft";
import { skipTask } from "@/lib/server/queue/skip-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import type { TaskView } from "@/lib/server/queue/task-view";
import { removeProjectMember } from "@/lib/server/queue/remove-member";
import { ALWAYS_HOLD, countViolations } from "@/lib/server/queue/invariants";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

const answerFor = (task: TaskView) => ({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 as const });

async function expireLease(leaseId: string) {
  const past = new Date(Date.now() - 1000);
  const lease = await db.lease.update({ where: { id: leaseId }, data: { expiresAt: past } });
  await db.slot.update({ where: { id: lease.slotId }, data: { leaseExpiresAt: past } });
}

describe("claim and submit under concurrency", () => {
  it("keeps every guarantee with 50 labelers racing on a project with overlap 3", async () => {
    const project = await makeProject("comparison", 3);
    const items = await makeItems(project.slug, 40);
    const labelers = await Promise.all(Array.from({ length: 50 }, () => makeMember(project.slug)));
    const acknowledged: string[] = [];
    const replays: string[] = [];

    async function work(labeler: SessionUser) {
      for (;;) {
        // Refreshes and double-clicks: concurrent claims by one labeler must yield one lease.
        const claims = await Promise.all([claimNextTask(labeler, project.slug), claimNextTask(labeler, project.slug)]);
        if (!claims[0] || !claims[1]) {
          expect(claims[0]).toBeNull();
          expect(claims[1]).toBeNull();
          return;
        }
        expect(claims[1].id).toBe(claims[0].id);
        const task = claims[0];
        const key = randomUUID();
        // A retried submit (lost response) with the same key, racing the first.
        const [first, second] = await Promise.all([
          submitAnnotation(labeler, task.id, key, answerFor(task)),
          submitAnnotation(labeler, task.id, key, answerFor(task)),
        ]);
        expect(second.annotationId).toBe(first.annotationId);
        acknowledged.push(first.annotationId);
        replays.push(first.replayed ? first.annotationId : second.annotationId);
      }
    }
    await Promise.all(labelers.map(work));

    const perItem = await db.$queryRaw<{ item_id: string; n: number }[]>`
      SELECT item_id, count(*)::int AS n FROM annotations WHERE project_id = ${project.id}::uuid GROUP BY item_id`;
    expect(perItem).toHaveLength(items.length);
    expect(perItem.every((row) => row.n === 3)).toBe(true);
    // The queue's invariants (lib/server/queue/invariants.ts, also run by the soak and the
    // benchmark), among them: never two answers, nor two slots, of one item for one labeler,
    // counted on the rows themselves rather than left to the unique indexes.
    expect(await countViolations(pool(), project.id, ALWAYS_HOLD)).toEqual({
      itemsOverOverlap: 0,
      labelerTwiceOnItem: 0,
      labelerTwoSlotsOfItem: 0,
      twoActiveLeases: 0,
      slotsDoneWithoutAnnotation: 0,
    });
    // Every slot went to some labeler, so the slot check above had something to count.
    expect(await db.slot.count({ where: { projectId: project.id, labelerId: null } })).toBe(0);
    const stored = await db.annotation.findMany({ where: { projectId: project.id }, select: { id: true } });
    expect(new Set(acknowledged).size).toBe(acknowledged.length);
    expect(stored.map((a) => a.id).sort()).toEqual([...acknowledged].sort());
    expect(replays).toHaveLength(acknowledged.length);
    expect(await db.lease.count({ where: { projectId: project.id, state: "active" } })).toBe(0);
    expect(await db.slot.count({ where: { projectId: project.id, state: { not: "done" } } })).toBe(0);
    expect(await db.item.count({ where: { projectId: project.id, status: { not: "done" } } })).toBe(0);
    // Submits of one item finishing in any order leave its stored stats counting all three answers.
    const stats = await db.$queryRaw<{ answers: number; agreement: number | null }[]>`
      SELECT (agreement_stats ->> 'answers')::int AS answers, agreement FROM items WHERE project_id = ${project.id}::uuid`;
    expect(stats.every((row) => row.answers === 3 && row.agreement !== null)).toBe(true);
  });
});

describe("claimNextTask", () => {
  it("serves by priority, then oldest, and returns the held lease on refresh", async () => {
    const project = await makeProject("comparison", 1);
    const [oldest] = await makeItems(project.slug, 1);
    const [urgent] = await makeItems(project.slug, 1, 2, 5);
    await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);

    const first = await claimNextTask(labeler, project.slug);
    expect(first!.item.id).toBe(urgent!.id);
    const again = await claimNextTask(labeler, project.slug);
    expect(again!.id).toBe(first!.id);
    await submitAnnotation(labeler, first!.id, randomUUID(), answerFor(first!));
    const second = await claimNextTask(labeler, project.slug);
    expect(second!.item.id).toBe(oldest!.id);
  });

  it("never serves a labeler a second slot of an item they answered or hold", async () => {
    const project = await makeProject("comparison", 3);
    const [item] = await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);
    const held = await claimNextTask(labeler, project.slug);
    expect(held!.item.id).toBe(item!.id);
    // Two more slots of the item are free, but this labeler holds one already.
    expect((await claimNextTask(labeler, project.slug))!.id).toBe(held!.id);
    await submitAnnotation(labeler, held!.id, randomUUID(), answerFor(held!));
    expect(await claimNextTask(labeler, project.slug)).toBeNull();
    expect(await db.slot.count({ where: { itemId: item!.id, labelerId: labeler.id } })).toBe(1);
    expect(await db.slot.count({ where: { itemId: item!.id, state: "open" } })).toBe(2);
  });

  it("shows completions in a random order per labeler and stores that order", async () => {
    const project = await makeProject("ranking", 30);
    const [item] = await makeItems(project.slug, 1, 6);
    const imported = (await db.completion.findMany({ where: { itemId: item!.id }, orderBy: { position: "asc" } })).map(
      (c) => c.id,
    );
    const orders = new Set<string>();
    for (let i = 0; i < 12; i += 1) {
      const labeler = await makeMember(project.slug);
      const task = await claimNextTask(labeler, project.slug);
      const shown = task!.item.completions.map((c) => c.id);
      expect([...shown].sort()).toEqual([...imported].sort());
      orders.add(shown.join(","));
      const lease = await db.lease.findUniqueOrThrow({ where: { id: task!.id } });
      expect(lease.displayOrder).toEqual(shown);
    }
    // 12 draws from 720 orders: all equal to the import order has probability 720^-12.
    expect(orders.size).toBeGreaterThan(1);
  });

  it("refuses people outside the project as if it did not exist, and paused projects", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1);
    const outsider = await makeUser();
    await expect(claimNextTask(outsider, project.slug)).rejects.toMatchObject({ code: "not_found" });
    await expect(claimNextTask(outsider, "no-such-project")).rejects.toMatchObject({ code: "not_found" });
    const member = await makeMember(project.slug);
    await db.project.update({ where: { id: project.id }, data: { status: "paused" } });
    await expect(claimNextTask(member, project.slug)).rejects.toMatchObject({ code: "conflict" });
  });
});

describe("leases", () => {
  it("gives an expired slot to the next labeler; the first one then gets 409", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1);
    const [late, next] = [await makeMember(project.slug), await makeMember(project.slug)];
    const lost = await claimNextTask(late, project.slug);
    expect(await claimNextTask(next, project.slug)).toBeNull();
    await expireLease(lost!.id);

    const taken = await claimNextTask(next, project.slug);
    expect(taken!.item.id).toBe(lost!.item.id);
    expect(await db.lease.findUniqueOrThrow({ where: { id: lost!.id } })).toMatchObject({ state: "expired" });
    await expect(submitAnnotation(late, lost!.id, randomUUID(), answerFor(lost!))).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "lease_lost" },
    });
    await expect(extendLease(late, lost!.id)).rejects.toMatchObject({ code: "conflict" });
    expect(await claimNextTask(late, project.slug)).toBeNull();
    await submitAnnotation(next, taken!.id, randomUUID(), answerFor(taken!));
    expect(await db.annotation.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("still accepts a submit on an expired lease that nobody took, and a refresh revives it", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    await expireLease(task!.id);
    const revived = await claimNextTask(labeler, project.slug);
    expect(revived!.id).toBe(task!.id);
    expect(new Date(revived!.expiresAt).getTime()).toBeGreaterThan(Date.now());
    await expireLease(task!.id);
    await expect(submitAnnotation(labeler, task!.id, randomUUID(), answerFor(task!))).resolves.toMatchObject({
      replayed: false,
    });
  });

  it("the expiry sweep gives expired slots back, skips rows a transaction holds, and the late submit gets 409", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2);
    const [first, second] = [await makeMember(project.slug), await makeMember(project.slug)];
    const expired = (await claimNextTask(first, project.slug))!;
    const held = (await claimNextTask(second, project.slug))!;
    await expireLease(expired.id);
    await expireLease(held.id);
    // A transaction holding the second lease's row (a submit in flight): the sweep must not wait for it.
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT 1 FROM leases WHERE id = $1 FOR UPDATE", [held.id]);
      const started = Date.now();
      await releaseExpiredLeases(project.id);
      expect(Date.now() - started).toBeLessThan(2000);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    expect(await db.lease.findUniqueOrThrow({ where: { id: expired.id } })).toMatchObject({ state: "expired" });
    expect(
      await db.slot.findFirstOrThrow({
        where: { id: (await db.lease.findUniqueOrThrow({ where: { id: expired.id } })).slotId },
      }),
    ).toMatchObject({
      state: "open",
      labelerId: null,
      leaseExpiresAt: null,
    });
    expect(await db.lease.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ state: "active" });
    await expect(submitAnnotation(first, expired.id, randomUUID(), answerFor(expired))).rejects.toMatchObject({
      code: "conflict",
    });
    // The next sweep takes what the first skipped.
    await releaseExpiredLeases(project.id);
    expect(await db.lease.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ state: "expired" });
    expect(
      await db.slot.count({ where: { projectId: project.id, state: "leased", leaseExpiresAt: { lt: new Date() } } }),
    ).toBe(0);
  });

  it("extends the lease on a heartbeat and on a draft save", async () => {
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 1, 0);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    await expireLease(task!.id);
    const { expiresAt } = await extendLease(labeler, task!.id);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now() + 29 * 60_000);
    await saveDraft(labeler, task!.id, "half a reply");
    const again = await claimNextTask(labeler, project.slug);
    expect(again!.draft).toBe("half a reply");
    await submitAnnotation(labeler, task!.id, randomUUID(), { text: "the whole reply" });
    expect(await db.draft.count({ where: { itemId: task!.item.id, labelerId: labeler.id } })).toBe(0);
  });

  it("keeps a comparison's answer in progress and the time spent across claims, until the submit", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    expect(task).toMatchObject({ draft: null, answerDraft: null, timeSpentMs: 0 });
    const [a, b] = task!.item.completions;
    const answer = {
      choice: "b" as const,
      strength: 2 as const,
      ratings: { [a!.id]: 3 },
      flags: { [a!.id]: ["harmful"] },
      rewrite: { sourceId: b!.id, text: "B, improved", kept: false },
      comment: "close call",
    };
    await saveDraft(labeler, task!.id, { answer, timeSpentMs: 40_000 });
    // The reload: the same lease, with the answer and the clock where they were.
    expect(await claimNextTask(labeler, project.slug)).toMatchObject({
      id: task!.id,
      answerDraft: answer,
      timeSpentMs: 40_000,
    });
    // A save without the answer keeps it; the time spent never goes back (a late save from a closed tab).
    await saveDraft(labeler, task!.id, { timeSpentMs: 30_000 });
    expect(await claimNextTask(labeler, project.slug)).toMatchObject({
      answerDraft: answer,
      timeSpentMs: 40_000,
      draft: null,
    });
    await saveDraft(labeler, task!.id, { answer: { choice: "good" }, timeSpentMs: 55_000 });
    expect(await claimNextTask(labeler, project.slug)).toMatchObject({
      answerDraft: { choice: "good" },
      timeSpentMs: 55_000,
    });
    await submitAnnotation(labeler, task!.id, randomUUID(), answerFor(task!));
    expect(await db.draft.count({ where: { itemId: task!.item.id, labelerId: labeler.id } })).toBe(0);
    await expect(saveDraft(labeler, task!.id, { timeSpentMs: 60_000 })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "lease_lost", state: "submitted" },
    });
  });

  it("hides other labelers' leases behind not_found", async () => {
    const project = await makeProject("comparison", 2);
    await makeItems(project.slug, 1);
    const [owner, other] = [await makeMember(project.slug), await makeMember(project.slug)];
    const task = await claimNextTask(owner, project.slug);
    await expect(submitAnnotation(other, task!.id, randomUUID(), answerFor(task!))).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(skipTask(other, task!.id, "nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(saveDraft(other, task!.id, "x")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("submitAnnotation", () => {
  it("stores a submit exactly once per Idempotency-Key and refuses the key on another task", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    const key = randomUUID();
    const first = await submitAnnotation(labeler, task!.id, key, answerFor(task!));
    const again = await submitAnnotation(labeler, task!.id, key, answerFor(task!));
    expect(again).toEqual({ annotationId: first.annotationId, replayed: true });
    expect(await db.annotation.count({ where: { leaseId: task!.id } })).toBe(1);
    const next = await claimNextTask(labeler, project.slug);
    await expect(submitAnnotation(labeler, next!.id, key, answerFor(next!))).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "idempotency_key_reused" },
    });
  });

  it("stores tie groups, strength, ratings, flags, rewrite, display order, guideline version and time", async () => {
    const project = await makeProject("ranking", 1);
    await db.project.update({ where: { id: project.id }, data: { likertEnabled: true, guidelineVersion: 3 } });
    await makeItems(project.slug, 1, 3);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    const [a, b, c] = task!.item.completions.map((x) => x.id);
    const { annotationId } = await submitAnnotation(labeler, task!.id, randomUUID(), {
      ranking: [[b!], [a!, c!]],
      ratings: { [a!]: 3, [b!]: 7 },
      flags: { [c!]: ["harmful", "hallucination", "harmful"] },
      rewrite: { completionId: b!, text: "An even better reply." },
      comment: "  close call  ",
      timeSpentMs: 4200,
    });
    const stored = await db.annotation.findUniqueOrThrow({ where: { id: annotationId }, include: { rewrite: true } });
    expect(stored).toMatchObject({
      ranking: [[b], [a, c]],
      ratings: { [a!]: 3, [b!]: 7 },
      flags: { [c!]: ["hallucination", "harmful"] },
      comment: "close call",
      timeSpentMs: 4200,
      displayOrder: [a, b, c],
      guidelineVersion: 3,
      leaseId: task!.id,
      labelerId: labeler.id,
    });
    expect(stored.rewrite).toMatchObject({ text: "An even better reply.", editedFromId: b, itemId: task!.item.id });
  });

  it("refuses an answer that does not fit the task, and the labeler keeps the lease", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    const [a] = task!.item.completions.map((x) => x.id);
    await expect(submitAnnotation(labeler, task!.id, randomUUID(), { ranking: [[a!]] })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(
      submitAnnotation(labeler, task!.id, randomUUID(), { ranking: [[a!], [randomUUID()]] }),
    ).rejects.toMatchObject({
      code: "bad_request",
    });
    expect(await db.lease.findUniqueOrThrow({ where: { id: task!.id } })).toMatchObject({ state: "active" });
    await expect(submitAnnotation(labeler, task!.id, randomUUID(), answerFor(task!))).resolves.toMatchObject({
      replayed: false,
    });
  });
});

describe("skipTask", () => {
  it("frees the slot for others and never serves the item to the skipper again", async () => {
    const project = await makeProject("comparison", 1);
    const [item] = await makeItems(project.slug, 1);
    const [skipper, other] = [await makeMember(project.slug), await makeMember(project.slug)];
    const task = await claimNextTask(skipper, project.slug);
    await skipTask(skipper, task!.id, "I cannot judge medical answers");
    expect(
      await db.skip.findUniqueOrThrow({ where: { itemId_labelerId: { itemId: item!.id, labelerId: skipper.id } } }),
    ).toMatchObject({
      reason: "I cannot judge medical answers",
    });
    expect(await claimNextTask(skipper, project.slug)).toBeNull();
    expect((await claimNextTask(other, project.slug))!.item.id).toBe(item!.id);
    await expect(submitAnnotation(skipper, task!.id, randomUUID(), answerFor(task!))).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("removing a member", () => {
  it("releases their leases: the slot goes back to the queue and their late submit gets 409", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    const [item] = await makeItems(project.slug, 1);
    const [removed, other] = [await makeMember(project.slug), await makeMember(project.slug)];
    const task = (await claimNextTask(removed, project.slug))!;
    expect(await claimNextTask(other, project.slug)).toBeNull();

    await expect(removeProjectMember(project.slug, removed.id, admin.id)).resolves.toEqual({ released: 1 });

    expect(await db.lease.findUniqueOrThrow({ where: { id: task.id }, include: { slot: true } })).toMatchObject({
      state: "released",
      slot: { state: "open", labelerId: null, leaseExpiresAt: null },
    });
    // The slot is back in the queue: the next labeler gets the item at once.
    expect((await claimNextTask(other, project.slug))!.item.id).toBe(item!.id);
    await expect(submitAnnotation(removed, task.id, randomUUID(), answerFor(task))).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "lease_lost", state: "released" },
    });
    await expect(claimNextTask(removed, project.slug)).rejects.toMatchObject({ code: "not_found" });
    expect(await db.annotation.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("leaves the leases they hold in other projects alone", async () => {
    const admin = await makeUser("admin");
    const [left, kept] = [await makeProject("comparison", 1), await makeProject("comparison", 1)];
    await makeItems(left.slug, 1);
    await makeItems(kept.slug, 1);
    const labeler = await makeMember(left.slug);
    await db.membership.create({ data: { projectId: kept.id, userId: labeler.id } });
    const elsewhere = (await claimNextTask(labeler, kept.slug))!;
    await claimNextTask(labeler, left.slug);

    await removeProjectMember(left.slug, labeler.id, admin.id);

    expect(await db.lease.findUniqueOrThrow({ where: { id: elsewhere.id } })).toMatchObject({ state: "active" });
    await expect(submitAnnotation(labeler, elsewhere.id, randomUUID(), answerFor(elsewhere))).resolves.toMatchObject({
      replayed: false,
    });
  });
});

describe("queue invariants", () => {
  it("counts a labeler holding two slots of one item, even without the unique index", async () => {
    const project = await makeProject("comparison", 2);
    const [item] = await makeItems(project.slug, 1);
    const labeler = await makeMember(project.slug);
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      expect(await countViolations(client, project.id, ["labelerTwoSlotsOfItem"])).toEqual({
        labelerTwoSlotsOfItem: 0,
      });
      // What a claim that forgot the labeler's own slots would leave behind.
      await client.query("DROP INDEX slots_item_id_labeler_id_key");
      await client.query(
        "UPDATE slots SET state = 'leased', labeler_id = $1, lease_expires_at = now() + interval '1 hour' WHERE item_id = $2",
        [labeler.id, item!.id],
      );
      expect(await countViolations(client, project.id, ["labelerTwoSlotsOfItem"])).toEqual({
        labelerTwoSlotsOfItem: 1,
      });
    } finally {
      await client.query("ROLLBACK");
      client.release();
    }
  });
});
