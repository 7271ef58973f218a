// The admin overview's row per project: computed now for a small project, the stored
// summary for a large one (never an aggregate over every answer on a view).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { refreshProjectSummary } from "@/lib/server/projects/project-summary";
import { overviewProjects, SPARK_DAYS } from "@/lib/server/projects/project-progress";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeItems, makeMember, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

async function answerOne(slug: string) {
  const labeler = await makeMember(slug);
  const task = await claimNextTask(labeler, slug);
  await submitAnnotation(labeler, task!.id, randomUUID(), {
    ranking: task!.item.completions.map((c) => [c.id]),
    strength: 1,
  });
}

describe("overview projects", () => {
  it("shows a small project's progress and today's answers, computed now, most recently answered first", async () => {
    const quiet = await makeProject("comparison", 2);
    await makeItems(quiet.slug, 1);
    const busy = await makeProject("comparison", 2);
    await makeItems(busy.slug, 3);
    await answerOne(busy.slug);
    // Other test files answer in parallel: every project, and the order of these two.
    const { rows, total } = await overviewProjects(undefined, 10_000);
    expect(total).toBeGreaterThanOrEqual(2);
    const row = rows.find((r) => r.slug === busy.slug)!;
    expect(rows.findIndex((r) => r.slug === busy.slug)).toBeLessThan(rows.findIndex((r) => r.slug === quiet.slug));
    expect(row).toMatchObject({
      items: { total: 3, done: 0 },
      slots: { total: 6, done: 1 },
      today: 1,
      last7: 1,
      asOf: null,
    });
    expect(row.perDay).toHaveLength(SPARK_DAYS);
    expect(row.perDay.at(-1)).toBe(1);
  });

  it("uses the stored summary of a large project, and says nothing before one is stored", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2);
    await answerOne(project.slug);
    // Above a live limit of 1 slot, the project counts as large.
    const before = (await overviewProjects(1, 10_000)).rows.find((r) => r.slug === project.slug)!;
    expect(before).toMatchObject({ items: null, slots: null, perDay: [], today: null, asOf: null });
    await refreshProjectSummary({ id: project.id, slug: project.slug, kind: "comparison" });
    await answerOne(project.slug); // after the summary: not in the stored figures
    const after = (await overviewProjects(1, 10_000)).rows.find((r) => r.slug === project.slug)!;
    expect(after).toMatchObject({ items: { total: 2, done: 1 }, slots: { total: 2, done: 1 }, today: 1 });
    expect(after.asOf).toBeInstanceOf(Date);
  });
});
