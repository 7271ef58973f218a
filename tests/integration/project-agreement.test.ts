import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { krippendorffAlpha } from "@/lib/domain/agreement/krippendorff";
import { labelerQuality } from "@/lib/domain/agreement/labeler-quality";
import { projectPairwiseAgreement, seededRandom } from "@/lib/domain/agreement/pairwise-project";
import { refreshAllStaleAgreementStats, refreshStaleAgreementStats } from "@/lib/server/agreement/item-stats";
import { labelerQualityIn, projectAgreement } from "@/lib/server/agreement/project-agreement";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
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

describe("projectAgreement from stored stats", () => {
  it("equals the same metrics computed from scratch on every answer, and heals stale stats", async () => {
    const project = await makeProject("ranking", 3);
    await db.project.update({ where: { id: project.id }, data: { likertEnabled: true } });
    await makeItems(project.slug, 12, 4);
    const labelers = [
      await makeMember(project.slug),
      await makeMember(project.slug),
      await makeMember(project.slug),
      await makeMember(project.slug),
    ];
    const random = seededRandom(11);
    // Round robin, so that every labeler meets every other on some items (overlap 3 of 4).
    for (let busy = true; busy;) {
      busy = false;
      for (const labeler of labelers) {
        const task = await claimNextTask(labeler, project.slug);
        if (!task) continue;
        busy = true;
        const ids = task.item.completions.map((c) => c.id).sort();
        // Mostly the same order, with noise and an occasional tie.
        const order = [...ids].sort((a, b) => ids.indexOf(a) + random() * 2.5 - (ids.indexOf(b) + random() * 2.5));
        const ranking =
          random() < 0.2 ? [[order[0]!, order[1]!], ...order.slice(2).map((id) => [id])] : order.map((id) => [id]);
        await submitAnnotation(labeler, task.id, randomUUID(), {
          ranking,
          ratings: Object.fromEntries(order.map((id, i) => [id, Math.max(1, 7 - i - Math.floor(random() * 2))])),
          flags: random() < 0.3 ? { [order[3]!]: ["harmful"] } : undefined,
        });
      }
    }
    const answers = await db.annotation.findMany({ where: { projectId: project.id }, orderBy: { createdAt: "asc" } });
    const completions = await db.completion.findMany({
      where: { item: { projectId: project.id }, position: { not: null } },
    });
    const byItem = new Map<string, typeof answers>();
    for (const a of answers) byItem.set(a.itemId, [...(byItem.get(a.itemId) ?? []), a]);
    const expectedPairwise = projectPairwiseAgreement(
      [...byItem.values()].map((list) => list.map((a) => a.ranking as string[][])),
    );
    const expectedLikert = krippendorffAlpha(
      answers.flatMap((a) =>
        Object.entries(a.ratings as Record<string, number>).map(([c, v]) => ({
          unit: `${a.itemId}:${c}`,
          coder: a.labelerId,
          value: v,
        })),
      ),
      "interval",
    );
    const expectedQuality = labelerQuality(
      [...byItem].map(([itemId, list]) => ({
        completionLengths: Object.fromEntries(
          completions.filter((c) => c.itemId === itemId).map((c) => [c.id, c.text.length]),
        ),
        answers: list.map((a) => ({
          labeler: a.labelerId,
          ranking: a.ranking as string[][],
          firstShown: a.displayOrder[0] ?? null,
          shown: a.displayOrder.length,
        })),
      })),
    );

    const check = async () => {
      const report = await projectAgreement(project.slug);
      expect(report.annotations).toBe(answers.length);
      expect(report.pairwise!.agreement).toBeCloseTo(expectedPairwise.agreement!, 12);
      expect(report.pairwise!.comparisons).toBe(expectedPairwise.comparisons);
      expect(report.pairwise!.tieShare).toBeCloseTo(expectedPairwise.tieShare!, 12);
      expect(report.likertAlpha!.alpha).toBeCloseTo(expectedLikert.alpha!, 12);
      expect(report.likertAlpha).toMatchObject({
        units: expectedLikert.units,
        pairableUnits: expectedLikert.pairableUnits,
        pairableValues: expectedLikert.pairableValues,
        coders: expectedLikert.coders,
      });
      for (const q of expectedQuality) {
        const got = report.labelers.find((l) => l.labeler === q.labeler)!;
        expect(got.answers).toBe(q.answers);
        expect(got.agreementWithOthers).toBeCloseTo(q.agreementWithOthers!, 12);
        expect(got.firstShownWins).toBeCloseTo(q.firstShownWins!, 12);
        expect(got.firstShownExpected).toBeCloseTo(q.firstShownExpected!, 12);
        expect(got.longerPreferred).toBeCloseTo(q.longerPreferred!, 12);
        expect(got.lowAgreement).toBe(q.lowAgreement);
        // The labeler page reads the same stored counts.
        const own = (await labelerQualityIn(project.id, q.labeler))!;
        expect(own.agreementWithOthers).toBeCloseTo(q.agreementWithOthers!, 12);
        expect(own.longerPreferred).toBeCloseTo(q.longerPreferred!, 12);
        expect(own.firstShownWins).toBeCloseTo(q.firstShownWins!, 12);
      }
      expect(report.likertCounts.reduce((s, n) => s + n, 0)).toBe(answers.length * 4);
      const harmful = answers.filter((a) => a.flags && Object.keys(a.flags as object).length).length;
      expect(report.flagRates.harmful).toBeCloseTo(harmful / (answers.length * 4), 12);
      return report;
    };
    const first = await check();
    expect(first.staleItems).toBe(0);
    const missing = async () =>
      (
        await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM items
          WHERE project_id = ${project.id}::uuid AND agreement_stats IS NULL`
      )[0]!.n;
    // Stats lost (a refresh that never ran, or data from before they existed) are rebuilt.
    // One item's refresh never ran (the process died after the submit): the report (a page
    // render) counts it and leaves it alone; the explicit refresh finds and redoes it.
    await db.$executeRaw`UPDATE items SET agreement_stats = NULL
      WHERE id = (SELECT id FROM items WHERE project_id = ${project.id}::uuid ORDER BY seq LIMIT 1)`;
    expect((await projectAgreement(project.slug)).staleItems).toBe(1);
    await labelerQualityIn(project.id, labelers[0]!.id);
    expect(await missing()).toBe(1);
    expect(await refreshStaleAgreementStats(project.id)).toBe(1);
    expect(await check()).toEqual(first);
    // Every item's stats lost: the background refresher's pass rebuilds them all.
    await db.$executeRaw`UPDATE items SET agreement_stats = NULL WHERE project_id = ${project.id}::uuid`;
    expect((await projectAgreement(project.slug)).staleItems).toBe(12);
    expect(await missing()).toBe(12);
    expect(await refreshAllStaleAgreementStats()).toBeGreaterThanOrEqual(12);
    const second = await check();
    expect(second).toEqual(first);
  });
});
