import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/server/db/client";
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import {
  computeProjectSummary,
  pageAgreement,
  pageFigures,
  refreshDueProjectSummaries,
  refreshedAgreementReport,
  refreshProjectSummary,
  SUMMARY_VERSION,
} from "@/lib/server/projects/project-summary";
import { projectPageData } from "@/lib/server/projects/project-page-data";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { setGold } from "@/lib/server/items/set-gold";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

/** A ranking project of 6 items (overlap 2: 12 slots) where two labelers answer `answers` tasks each. */
async function answeredProject(answers: number) {
  const project = await makeProject("ranking", 2);
  const items = await makeItems(project.slug, 6, 3);
  const labelers = [await makeMember(project.slug), await makeMember(project.slug)];
  for (const labeler of labelers) await answer(labeler, project.slug, answers);
  return { project, items, labelers };
}

async function answer(labeler: Awaited<ReturnType<typeof makeMember>>, slug: string, count: number) {
  for (let n = 0; n < count; n += 1) {
    const task = await claimNextTask(labeler, slug);
    if (!task) return;
    const ids = task.item.completions.map((c) => c.id).sort();
    await submitAnnotation(labeler, task.id, randomUUID(), { ranking: ids.map((id) => [id]) });
  }
}

const storedRow = async (projectId: string) =>
  (await pool().query("SELECT version, computed_at FROM project_summaries WHERE project_id = $1", [projectId])).rows[0];

describe("a project's page figures", () => {
  it("a project at or under the live limit is computed on each view, exact, and nothing is stored", async () => {
    const { project, labelers } = await answeredProject(2);
    const figures = await pageFigures(project, 12); // 12 slots: at the limit
    expect(figures.source).toBe("live");
    expect(figures.summary).toEqual(await computeProjectSummary(project));
    expect(figures.summary!.health).toEqual({ open: 8, leased: 0, expired: 0, done: 4 });
    expect(figures.summary!.answersByLabeler).toEqual({ [labelers[0]!.id]: 2, [labelers[1]!.id]: 2 });
    expect(figures.summary!.agreement!.annotations).toBe(4);
    expect(await storedRow(project.id)).toBeUndefined();

    // The page's members carry their answers from the same figures.
    const page = await projectPageData(project.slug);
    expect(page!.figures.source).toBe("live");
    expect(page!.members.map((m) => m.annotations)).toEqual([2, 2]);
  });

  it("a larger one shows nothing computed on the view until the refresher stores it, then the stored figures", async () => {
    const { project, labelers } = await answeredProject(2);
    const before = await pageFigures(project, 11);
    expect(before).toEqual({ source: "pending", summary: null });
    expect(await pageAgreement(project, 11)).toEqual({ source: "pending", report: null });
    expect(await storedRow(project.id)).toBeUndefined(); // a view wrote nothing

    expect(await refreshDueProjectSummaries({ liveMaxSlots: 11, intervalSeconds: 60 })).toBeGreaterThanOrEqual(1);
    const stored = await pageFigures(project, 11);
    expect(stored.source).toBe("stored");
    if (stored.source !== "stored") throw new Error("unreachable");
    expect(stored.summary).toEqual(await computeProjectSummary(project));
    expect(stored.summary.answersByLabeler[labelers[0]!.id]).toBe(2);
    const report = await pageAgreement(project, 11);
    expect(report.source).toBe("stored");
    expect(report.report).toEqual(await projectAgreement(project.slug));

    // New answers are not on the stored figures until the next refresh is due.
    await answer(labelers[0]!, project.slug, 1);
    const unchanged = await pageFigures(project, 11);
    expect(unchanged.summary!.health.done).toBe(4);
    // Not due yet: refreshed a moment ago (younger than the interval).
    await refreshDueProjectSummaries({ liveMaxSlots: 11, intervalSeconds: 60 });
    expect((await pageFigures(project, 11)).summary!.health.done).toBe(4);
    // Due once the interval has passed and an answer arrived since.
    const later = new Date(Date.now() + 61_000);
    await refreshDueProjectSummaries({ liveMaxSlots: 11, intervalSeconds: 60, now: later });
    expect((await pageFigures(project, 11)).summary!.health.done).toBe(5);
  });

  it("an idle project is not recomputed before 15 minutes; an audited change (a gold answer) makes it due", async () => {
    const { project, items } = await answeredProject(1);
    // Idle: its answers and admin actions are a minute old.
    await pool().query("UPDATE annotations SET created_at = created_at - interval '1 minute' WHERE project_id = $1", [
      project.id,
    ]);
    await pool().query("UPDATE audit_events SET created_at = created_at - interval '1 minute' WHERE project_id = $1", [
      project.id,
    ]);
    await refreshDueProjectSummaries({ liveMaxSlots: 11, intervalSeconds: 60 });
    const first = (await storedRow(project.id)).computed_at as Date;
    const inTwoMinutes = new Date(Date.now() + 120_000);
    await refreshDueProjectSummaries({ liveMaxSlots: 11, intervalSeconds: 60, now: inTwoMinutes });
    expect((await storedRow(project.id)).computed_at).toEqual(first);

    const admin = await makeUser("admin");
    const completion = await db.completion.findFirstOrThrow({ where: { itemId: items[0]!.id } });
    await setGold(project.id, items[0]!.id, completion.id, admin.id);
    await refreshDueProjectSummaries({ liveMaxSlots: 11, intervalSeconds: 60, now: inTwoMinutes });
    expect(((await storedRow(project.id)).computed_at as Date).getTime()).toBeGreaterThan(first.getTime());

    const inAnHour = new Date(Date.now() + 3_600_000);
    const idle = (await storedRow(project.id)).computed_at as Date;
    await refreshDueProjectSummaries({ liveMaxSlots: 11, intervalSeconds: 60, now: inAnHour });
    expect(((await storedRow(project.id)).computed_at as Date).getTime()).toBeGreaterThan(idle.getTime());
  });

  it("a stored summary of another version or shape is not shown, and the refresher rewrites it", async () => {
    const { project } = await answeredProject(1);
    await pool().query(
      `INSERT INTO project_summaries (project_id, version, summary, computed_at, compute_ms)
       VALUES ($1, $2, '{"health": 1}', now(), 5)`,
      [project.id, SUMMARY_VERSION + 1],
    );
    expect((await pageFigures(project, 11)).source).toBe("pending");
    await pool().query("UPDATE project_summaries SET version = $2 WHERE project_id = $1", [
      project.id,
      SUMMARY_VERSION,
    ]);
    expect((await pageFigures(project, 11)).source).toBe("pending"); // right version, unreadable shape

    await pool().query("UPDATE project_summaries SET version = $2 WHERE project_id = $1", [
      project.id,
      SUMMARY_VERSION + 1,
    ]);
    await refreshDueProjectSummaries({ liveMaxSlots: 11, intervalSeconds: 60 });
    expect((await storedRow(project.id)).version).toBe(SUMMARY_VERSION);
    expect((await pageFigures(project, 11)).source).toBe("stored");
  });

  it("while another process computes a project's summary, a refresh leaves it to that process", async () => {
    const { project } = await answeredProject(1);
    const other = await pool().connect();
    try {
      await other.query("SELECT pg_advisory_lock(hashtext('project_summary:' || $1))", [project.id]);
      expect(await refreshProjectSummary(project)).toBeNull();
      expect(await storedRow(project.id)).toBeUndefined();
      await other.query("SELECT pg_advisory_unlock(hashtext('project_summary:' || $1))", [project.id]);
    } finally {
      other.release();
    }
    expect(await refreshProjectSummary(project)).toMatchObject({ summary: { items: { total: 6 } } });
    expect((await storedRow(project.id)).version).toBe(SUMMARY_VERSION);
  });

  it("agreement --refresh on a large project stores its figures with the report", async () => {
    const { project } = await answeredProject(2);
    const { report, figuresStored } = await refreshedAgreementReport(project, 11);
    expect(figuresStored).toBe(true);
    expect(report).toEqual(await projectAgreement(project.slug));
    expect((await pageFigures(project, 11)).source).toBe("stored");

    const small = await answeredProject(1);
    expect((await refreshedAgreementReport(small.project, 12)).figuresStored).toBe(false);
    expect(await storedRow(small.project.id)).toBeUndefined();
  });
});
