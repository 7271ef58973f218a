import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { setGold } from "@/lib/server/items/set-gold";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { skipTask } from "@/lib/server/queue/skip-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { labelerStats } from "@/lib/server/users/labeler-stats";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

describe("gold items and labeler stats", () => {
  it("scores answers on gold items and reports volume, median time and skip rate", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("comparison", 1);
    const items = await makeItems(project.slug, 3);
    const completions = await db.completion.findMany({
      where: { itemId: { in: items.map((i) => i.id) } },
      orderBy: { position: "asc" },
    });
    const firstOf = (itemId: string) => completions.find((c) => c.itemId === itemId && c.position === 0)!.id;
    // Gold on the first two items: completion 0 should win.
    await setGold(project.id, items[0]!.id, firstOf(items[0]!.id), admin.id);
    await setGold(project.id, items[1]!.id, firstOf(items[1]!.id), admin.id);
    await expect(setGold(project.id, items[2]!.id, randomUUID(), admin.id)).rejects.toMatchObject({
      code: "bad_request",
    });

    const labeler = await makeMember(project.slug);
    // Right on the first gold item, wrong on the second, then skip the third.
    for (const [n, right] of [
      [0, true],
      [1, false],
    ] as const) {
      const task = await claimNextTask(labeler, project.slug);
      expect(task!.item.id).toBe(items[n]!.id);
      const gold = firstOf(items[n]!.id);
      const other = task!.item.completions.find((c) => c.id !== gold)!.id;
      await submitAnnotation(labeler, task!.id, randomUUID(), {
        ranking: right ? [[gold], [other]] : [[other], [gold]],
        strength: 2,
        timeSpentMs: n === 0 ? 4000 : 8000,
      });
    }
    const last = await claimNextTask(labeler, project.slug);
    await skipTask(labeler, last!.id, "not my field");

    const stats = await labelerStats(labeler.id);
    expect(stats!.totals).toMatchObject({
      annotations: 2,
      today: 2,
      medianSeconds: 6,
      skipRate: 1 / 3,
      gold: { answered: 2, correct: 1, accuracy: 0.5 },
    });
    expect(stats!.perProject).toEqual([expect.objectContaining({ slug: project.slug, annotations: 2, skips: 1 })]);
    // The agreement report scores gold the same way (lib/domain/gold.ts goldScore).
    expect(stats!.perProject[0]!.gold).toEqual({ answered: 2, correct: 1 });
    const report = await projectAgreement(project.slug);
    expect(report.labelers.find((l) => l.labeler === labeler.id)!.gold).toEqual({
      answered: 2,
      correct: 1,
      accuracy: 0.5,
    });

    await setGold(project.id, items[0]!.id, null, admin.id);
    expect(await db.item.findUniqueOrThrow({ where: { id: items[0]!.id } })).toMatchObject({
      isGold: false,
      goldAnswer: null,
    });
  });
});
