import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { claimNextTask } from "@/lib/server/tasks/claim-next-task";
import { submitAnnotation } from "@/lib/server/tasks/submit-annotation";
import { makeItems, makeMember, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

describe("projectAgreement", () => {
  it("reports pairwise agreement, alpha on the winner and on Likert, and flag rates", async () => {
    const project = await makeProject("comparison", 2);
    await db.project.update({ where: { id: project.id }, data: { likertEnabled: true } });
    const items = await makeItems(project.slug, 2);
    const completions = await db.completion.findMany({
      where: { itemId: { in: items.map((i) => i.id) } },
      orderBy: { position: "asc" },
    });
    const pick = (itemId: string, position: number) =>
      completions.find((c) => c.itemId === itemId && c.position === position)!.id;
    const [l1, l2] = [await makeMember(project.slug), await makeMember(project.slug)];
    // Both prefer completion 0 on item 1; they disagree on item 2. Likert: equal on item 1.
    const plan: Record<string, Record<string, 0 | 1>> = {
      [l1.id]: { [items[0]!.id]: 0, [items[1]!.id]: 0 },
      [l2.id]: { [items[0]!.id]: 0, [items[1]!.id]: 1 },
    };
    for (const labeler of [l1, l2]) {
      for (;;) {
        const task = await claimNextTask(labeler, project.slug);
        if (!task) break;
        const winner = pick(task.item.id, plan[labeler.id]![task.item.id]!);
        const loser = task.item.completions.find((c) => c.id !== winner)!.id;
        await submitAnnotation(labeler, task.id, randomUUID(), {
          ranking: [[winner], [loser]],
          strength: 2,
          ratings: { [winner]: 6, [loser]: 2 },
          flags: task.item.id === items[1]!.id ? { [loser]: ["hallucination"] } : undefined,
        });
      }
    }
    const report = await projectAgreement(project.slug);
    expect(report).toMatchObject({ annotations: 4, itemsWithAnswers: 2, kind: "comparison" });
    expect(report.pairwise).toMatchObject({ agreement: 0.5, comparisons: 2, items: 2 });
    expect(report.winnerAlpha!.pairableUnits).toBe(2);
    expect(report.likertAlpha!.pairableUnits).toBe(4);
    // 2 flags over 4 answers x 2 completions.
    expect(report.flagRates.hallucination).toBe(2 / 8);
    expect(report.flagRates.harmful).toBe(0);
    // Each labeler agrees with the other on one item of two.
    expect(report.labelers.map((l) => [l.email, l.agreementWithOthers, l.answers, l.lowAgreement]).sort()).toEqual(
      [
        [l1.email, 0.5, 2, false],
        [l2.email, 0.5, 2, false],
      ].sort(),
    );
  });
});
