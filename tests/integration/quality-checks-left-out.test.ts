// Quality checks (gold items with a role: qualification, training, attention) are answered by
// every labeler against a known answer. They are left out of the agreement report and of the
// model leaderboard, but they count in each labeler's gold accuracy (docs/QUALITY.md).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { projectLeaderboard } from "@/lib/server/leaderboard/project-leaderboard";
import { overlapReport } from "@/lib/server/quality/quality-report";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeItems, makeMember, makeProject, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

/** What each labeler chooses on the ordinary items: they agree on 0 and 1, not on 2. */
const CHOICES = [
  [0, 0],
  [1, 1],
  [0, 1],
];

/**
 * A comparison project, overlap 2, whose two labelers answer three ordinary items; with
 * `check`, a fourth item they answer too (disagreeing, both flagging it harmful) becomes an
 * attention check afterwards.
 */
async function answeredProject(check: boolean) {
  const project = await makeProject("comparison", 2);
  const prefix = `qc-${uniqueSuffix()}`;
  const count = CHOICES.length + (check ? 1 : 0);
  await addItems(
    project.slug,
    Array.from({ length: count }, (_, n) => ({
      externalId: `${prefix}-${n}`,
      messages: [{ role: "user" as const, content: `Question ${n}` }],
      completions: [
        { text: `Reply one to ${n}`, model: "alpha" },
        { text: `Reply two to ${n}`, model: "beta" },
      ],
    })),
  );
  const labelers = [await makeMember(project.slug), await makeMember(project.slug)];
  for (const [who, labeler] of labelers.entries()) {
    for (
      let task = await claimNextTask(labeler, project.slug);
      task;
      task = await claimNextTask(labeler, project.slug)
    ) {
      const { externalId } = await db.item.findUniqueOrThrow({ where: { id: task.item.id } });
      const n = Number(externalId!.split("-").at(-1));
      const ids = (
        await db.completion.findMany({
          where: { itemId: task.item.id, position: { not: null } },
          orderBy: { position: "asc" },
        })
      ).map((c) => c.id);
      // The fourth item: labeler 0 prefers the first reply, labeler 1 the second; both flag it.
      const best = n < CHOICES.length ? CHOICES[n]![who]! : who;
      const ranking = [[ids[best]!], [ids[1 - best]!]];
      const flags = n < CHOICES.length ? {} : { [ids[0]!]: ["harmful"] };
      await submitAnnotation(labeler, task.id, randomUUID(), { ranking, flags });
    }
  }
  if (check) {
    const item = await db.item.findFirstOrThrow({
      where: { projectId: project.id, externalId: `${prefix}-${CHOICES.length}` },
      include: { completions: { orderBy: { position: "asc" } } },
    });
    await db.item.update({
      where: { id: item.id },
      data: { isGold: true, goldRole: "attention", goldAnswer: { best: item.completions[0]!.id } },
    });
  }
  return { slug: project.slug, labelers };
}

describe("quality checks in the figures", () => {
  it("leave the agreement report and the leaderboard as if they were not there, and count in gold accuracy", async () => {
    const plain = await answeredProject(false);
    const checked = await answeredProject(true);
    const [plainReport, checkedReport] = [await projectAgreement(plain.slug), await projectAgreement(checked.slug)];

    // The ordinary items alone: two of three agree, nothing flagged.
    expect(plainReport.itemsWithAnswers).toBe(3);
    expect(plainReport.annotations).toBe(6);
    expect(plainReport.pairwise).toMatchObject({ agreement: 2 / 3, comparisons: 3, items: 3 });
    expect(plainReport.flagRates["harmful"]).toBe(0);
    // The project with the check reports the same, figure by figure.
    const figures = (r: typeof plainReport) => ({
      annotations: r.annotations,
      itemsWithAnswers: r.itemsWithAnswers,
      pairwise: r.pairwise,
      winnerAlpha: r.winnerAlpha,
      likertAlpha: r.likertAlpha,
      flagRates: r.flagRates,
      likertCounts: r.likertCounts,
      itemAgreementBins: r.itemAgreementBins,
      // Position bias depends on the order each lease shows the replies in (random): left out.
      labelers: r.labelers.map((l) => ({
        answers: l.answers,
        agreementWithOthers: l.agreementWithOthers,
        lowAgreement: l.lowAgreement,
      })),
    });
    expect(figures(checkedReport)).toEqual(figures(plainReport));

    // Gold accuracy counts the check: labeler 0 chose the expected reply, labeler 1 did not.
    const goldOf = (email: string) => checkedReport.labelers.find((l) => l.email === email)!.gold;
    expect(goldOf(checked.labelers[0]!.email)).toMatchObject({ answered: 1, correct: 1 });
    expect(goldOf(checked.labelers[1]!.email)).toMatchObject({ answered: 1, correct: 0 });

    // The leaderboard counts the same comparisons between the two models.
    const [plainBoard, checkedBoard] = [await projectLeaderboard(plain.slug), await projectLeaderboard(checked.slug)];
    // (The bootstrap intervals resample items in id order, which differs between the projects.)
    const counts = (board: typeof plainBoard) => ({
      comparisons: board.comparisons,
      pairComparisons: board.pairComparisons,
      winRates: board.winRates,
      models: board.models.map(({ ci95: _ci95, ...rest }) => rest),
    });
    expect(counts(checkedBoard)).toEqual(counts(plainBoard));
    expect(plainBoard.comparisons).toBe(6);

    // The forecast's labeler accuracy comes from the same pairwise agreement, and its labels
    // spent and items leave the check out too.
    const [plainLabels, checkedLabels] = [await overlapReport(plain.slug), await overlapReport(checked.slug)];
    expect(plainLabels).toMatchObject({ agreement: 2 / 3, items: 3, labelsSpent: 6 });
    expect(checkedLabels).toMatchObject({ agreement: 2 / 3, accuracy: plainLabels.accuracy, items: 3, labelsSpent: 6 });
  });

  it("a labeler who has answered only quality checks keeps their row and its gold accuracy", async () => {
    const { slug, labelers } = await answeredProject(true);
    const project = await db.project.findUniqueOrThrow({ where: { slug } });
    // A newcomer whose only answer so far is the check (as behind a qualification).
    const newcomer = await makeMember(slug);
    const check = await db.item.findFirstOrThrow({ where: { projectId: project.id, goldRole: "attention" } });
    // Checks are served outside the overlap (a slot is made for the newcomer), while real work is
    // left for them: one more real item, which they do not answer.
    await makeItems(slug, 1, 2);
    await db.project.update({ where: { id: project.id }, data: { attentionRate: 1 } });
    const task = (await claimNextTask(newcomer, slug))!;
    expect(task.item.id).toBe(check.id);
    const ids = (
      await db.completion.findMany({
        where: { itemId: check.id, position: { not: null } },
        orderBy: { position: "asc" },
      })
    ).map((c) => c.id);
    await submitAnnotation(newcomer, task.id, randomUUID(), { ranking: [[ids[0]!], [ids[1]!]] });

    const report = await projectAgreement(slug);
    expect(report.labelers.map((l) => l.email).sort()).toEqual([...labelers, newcomer].map((l) => l.email).sort());
    expect(report.labelers.find((l) => l.email === newcomer.email)).toMatchObject({
      answers: 0,
      agreementWithOthers: null,
      gold: { answered: 1, correct: 1 },
    });
  });
});
