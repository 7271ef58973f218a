// Peer review of demonstrations (docs/QUALITY.md, "Review of demonstrations"): sampling on
// submit, the reviewer's queue (never their own work, never a review two reviewers share),
// accept / edit / reject, the exports' default, the author's feedback and acceptance rates.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { editAnswer } from "@/lib/server/answers/edit-answer";
import { recentAnswersOf } from "@/lib/server/answers/own-answers";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { db, pool } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { recordedExport } from "@/lib/server/export/record-export";
import { addProjectMember } from "@/lib/server/projects/add-member";
import { setMemberRole } from "@/lib/server/projects/set-member-role";
import { setGoldItem } from "@/lib/server/items/set-gold-item";
import { updateQualitySettings } from "@/lib/server/quality/quality-settings";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { claimNextReview, decideReview } from "@/lib/server/reviews/review-queue";
import { projectReviewReport } from "@/lib/server/reviews/review-report";
import { updateReviewSettings } from "@/lib/server/reviews/review-settings";
import { collect } from "../support/collect";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

async function reviewer(slug: string): Promise<SessionUser> {
  const user = await makeMember(slug);
  await setMemberRole(slug, user.email, "reviewer", null);
  return user;
}

/** `labeler` writes `n` demonstrations; their answer ids, in order. */
async function write(
  labeler: SessionUser,
  slug: string,
  n: number,
  text = (i: number) => `answer ${i} ${randomUUID()}`,
) {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const task = (await claimNextTask(labeler, slug))!;
    ids.push((await submitAnnotation(labeler, task.id, randomUUID(), { text: text(i) })).annotationId);
  }
  return ids;
}

async function reviewingProject(items: number, rate = 1) {
  const project = await makeProject("demonstration", 1);
  await makeItems(project.slug, items, 0);
  await updateReviewSettings(project.slug, { reviewRate: rate }, null);
  return project;
}

async function sftTexts(slug: string, filters: Parameters<typeof exportProject>[3] = {}) {
  const out = collect();
  const manifest = await exportProject(slug, "sft", out.stream, filters);
  const texts = out.lines().map((line) => {
    const row = JSON.parse(line) as { messages: { role: string; content: string }[] };
    return row.messages.at(-1)!.content;
  });
  return { texts, manifest };
}

describe("sampling", () => {
  it("sends the share review_rate of demonstrations to review, chosen by the answer id", async () => {
    const all = await reviewingProject(3, 1);
    const author = await makeMember(all.slug);
    const ids = await write(author, all.slug, 3);
    const rows = await db.demonstrationReview.findMany({ where: { projectId: all.id } });
    expect(rows.map((r) => r.annotationId).sort()).toEqual([...ids].sort());
    expect(rows.every((r) => r.status === "pending" && r.authorId === author.id)).toBe(true);

    const none = await reviewingProject(2, 0);
    const other = await makeMember(none.slug);
    await write(other, none.slug, 2);
    expect(await db.demonstrationReview.count({ where: { projectId: none.id } })).toBe(0);

    // At 0.5, exactly the answers whose hash falls below it, as the SQL function says.
    const half = await reviewingProject(40, 0.5);
    const writer = await makeMember(half.slug);
    const halfIds = await write(writer, half.slug, 40);
    const sampled = new Set(
      (await db.demonstrationReview.findMany({ where: { projectId: half.id } })).map((r) => r.annotationId),
    );
    const { rows: expected } = await pool().query<{ id: string }>(
      "SELECT id FROM unnest($1::uuid[]) id WHERE rlhf_review_sampled(id, 0.5)",
      [halfIds],
    );
    expect([...sampled].sort()).toEqual(expected.map((r) => r.id).sort());
    expect(sampled.size).toBeGreaterThan(5);
    expect(sampled.size).toBeLessThan(35);
  });

  it("never samples a quality check: a reviewer may not see or edit a qualification answer the admin grades", async () => {
    const project = await reviewingProject(1, 1);
    const [qual] = await makeItems(project.slug, 1, 0, 5);
    await setGoldItem(project.slug, qual!.id, { role: "qualification" }, null);
    await updateQualitySettings(project.slug, { qualificationRequired: true }, null);
    const author = await makeMember(project.slug);
    const task = (await claimNextTask(author, project.slug))!;
    expect(task.item.id).toBe(qual!.id);
    await submitAnnotation(author, task.id, randomUUID(), { text: "My qualification answer, long enough." });
    expect(await db.demonstrationReview.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("refuses a review rate outside 0..1 and on other kinds of project", async () => {
    const project = await reviewingProject(1, 0);
    await expect(updateReviewSettings(project.slug, { reviewRate: 1.5 }, null)).rejects.toThrow(/at most 1/);
    const comparison = await makeProject("comparison", 1);
    await expect(updateReviewSettings(comparison.slug, { reviewRate: 0.5 }, null)).rejects.toThrow(
      /only demonstrations are reviewed/,
    );
    const audit = await db.auditEvent.findFirst({
      where: { projectId: project.id, action: "project.review_settings" },
    });
    expect(audit?.after).toEqual({ reviewRate: 0 });
  });
});

describe("the review queue", () => {
  it("never serves a reviewer their own work, and refuses their decision on it", async () => {
    const project = await reviewingProject(2);
    const both = await reviewer(project.slug);
    const [own] = await write(both, project.slug, 1);
    // Only their own answer waits: nothing for them.
    expect(await claimNextReview(both, project.slug)).toEqual({ review: null, pending: 0 });
    const ownReview = await db.demonstrationReview.findUniqueOrThrow({ where: { annotationId: own! } });
    await expect(decideReview(both, ownReview.id, { action: "accept", revision: 1 })).rejects.toMatchObject({
      code: "not_found",
    });
    // Even written straight into the table, a reviewer cannot be the author.
    await expect(
      pool().query(
        "UPDATE demonstration_reviews SET status = 'accepted', reviewer_id = author_id, revision = 1, decided_at = now() WHERE id = $1",
        [ownReview.id],
      ),
    ).rejects.toThrow(/demonstration_reviews_not_own_check/);

    const other = await makeMember(project.slug);
    const [theirs] = await write(other, project.slug, 1);
    const claimed = await claimNextReview(both, project.slug);
    expect(claimed.review?.annotationId).toBe(theirs);
    expect(claimed.pending).toBe(1);
  });

  it("is for reviewers of the project only", async () => {
    const project = await reviewingProject(1);
    const labeler = await makeMember(project.slug);
    await expect(claimNextReview(labeler, project.slug)).rejects.toMatchObject({ code: "not_found" });
    const outsider = await makeUser();
    await expect(claimNextReview(outsider, project.slug)).rejects.toMatchObject({ code: "not_found" });
    const author = await makeMember(project.slug);
    const [id] = await write(author, project.slug, 1);
    const review = await db.demonstrationReview.findUniqueOrThrow({ where: { annotationId: id! } });
    await expect(decideReview(labeler, review.id, { action: "accept", revision: 1 })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("never gives two concurrent reviewers the same review", async () => {
    const project = await reviewingProject(12);
    const author = await makeMember(project.slug);
    await write(author, project.slug, 12);
    const reviewers = await Promise.all(Array.from({ length: 8 }, () => reviewer(project.slug)));
    const claims = await Promise.all(reviewers.map((r) => claimNextReview(r, project.slug)));
    const ids = claims.map((c) => c.review!.id);
    expect(new Set(ids).size).toBe(8);
    // Asking again keeps the one in hand.
    expect((await claimNextReview(reviewers[0]!, project.slug)).review!.id).toBe(ids[0]);
    // A review held by another cannot be decided.
    await expect(decideReview(reviewers[1]!, ids[0]!, { action: "accept", revision: 1 })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "not_claimed" },
    });
    // Once the claim runs out, someone else may take it.
    await pool().query(
      "UPDATE demonstration_reviews SET claim_expires_at = now() - interval '1 second' WHERE id = $1",
      [ids[0]],
    );
    const late = await reviewer(project.slug);
    const taken = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const next = await claimNextReview(late, project.slug);
      taken.add(next.review!.id);
      await decideReview(late, next.review!.id, { action: "accept", revision: 1 });
    }
    expect(taken.has(ids[0]!)).toBe(true);
  });
});

describe("decisions", () => {
  it("accepts, edits (a new version, the original kept) and rejects with a reason; idempotently", async () => {
    const project = await reviewingProject(4);
    const author = await makeMember(project.slug);
    const [a, b, c, unsampled] = await write(author, project.slug, 4, (i) => `original ${i}`);
    // Written before a review was asked for, the last one is never reviewed.
    await pool().query("DELETE FROM demonstration_reviews WHERE annotation_id = $1", [unsampled]);
    const rev = await reviewer(project.slug);
    const decisions = new Map<string, Parameters<typeof decideReview>[2]>([
      [a!, { action: "accept", revision: 1 }],
      [b!, { action: "edit", revision: 1, text: "the reviewer's **better** text" }],
      [c!, { action: "reject", revision: 1, reason: "off topic" }],
    ]);
    for (let i = 0; i < 3; i++) {
      const { review } = await claimNextReview(rev, project.slug);
      expect(review!.messages.length).toBeGreaterThan(0);
      const decision = decisions.get(review!.annotationId)!;
      const result = await decideReview(rev, review!.id, decision);
      expect(result.replayed).toBe(false);
      // The same decision again is acknowledged; another is a conflict.
      expect(await decideReview(rev, review!.id, decision)).toMatchObject({ replayed: true, status: result.status });
      await expect(
        decideReview(rev, review!.id, { action: "reject", revision: 1, reason: "changed mind" }),
      ).rejects.toMatchObject(
        decision.action === "reject" ? { details: { reason: "already_decided" } } : { code: "conflict" },
      );
    }
    expect((await claimNextReview(rev, project.slug)).review).toBeNull();

    const edited = await db.annotation.findUniqueOrThrow({ where: { id: b! } });
    expect(edited).toMatchObject({ text: "the reviewer's **better** text", revision: 2 });
    const original = await db.answerRevision.findFirstOrThrow({ where: { annotationId: b! } });
    expect(original).toMatchObject({ revision: 1, text: "original 1", labelerId: author.id });
    const rows = await db.demonstrationReview.findMany({
      where: { projectId: project.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.status, r.reviewerId, r.reason, r.editedRevision])).toEqual([
      ["accepted", rev.id, null, null],
      ["edited", rev.id, null, 2],
      ["rejected", rev.id, "off topic", null],
    ]);

    // A reviewed answer is final for its author (checked before any export makes it final anyway).
    await expect(editAnswer(author, c!, randomUUID(), { text: "sneaky fix" })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "answer_reviewed" },
    });
    // Exports: accepted by default (the edit as edited, the unsampled one in, the rejected one out).
    const { texts, manifest } = await sftTexts(project.slug);
    expect(texts.sort()).toEqual(["original 0", "original 3", "the reviewer's **better** text"].sort());
    expect(manifest.filters).toEqual({ review: "accepted" });
    expect((await sftTexts(project.slug, { review: "reviewed" })).texts.sort()).toEqual(
      ["original 0", "the reviewer's **better** text"].sort(),
    );
    expect((await sftTexts(project.slug, { review: "all" })).texts).toHaveLength(4);
    // A recorded export keeps the filter it applied.
    const recorded = await recordedExport({ slug: project.slug, format: "raw", out: collect().stream, actorId: null });
    expect(recorded.rows).toBe(3);
    expect((await db.export.findUniqueOrThrow({ where: { id: recorded.exportId } })).filters).toEqual({
      review: "accepted",
    });

    // The author sees each outcome, and cannot change a reviewed answer any more.
    const mine = await recentAnswersOf(author, { project: project.slug });
    const byId = new Map(mine.map((m) => [m.id, m]));
    expect(byId.get(a!)!.review).toMatchObject({ status: "accepted" });
    expect(byId.get(b!)!.review).toMatchObject({ status: "edited", editedText: "the reviewer's **better** text" });
    expect(byId.get(c!)!.review).toMatchObject({ status: "rejected", reason: "off topic" });
    expect(byId.get(unsampled!)!.review).toBeNull();
    expect(byId.get(c!)!.edit).toEqual({ editable: false, editableUntil: null, lock: "reviewed" });
    // Nobody else sees them.
    const stranger = await makeMember(project.slug);
    expect((await recentAnswersOf(stranger, { project: project.slug })).length).toBe(0);

    // Acceptance rate: (accepted + edited) / decided.
    const report = await projectReviewReport(project.slug);
    expect(report.labelers).toEqual([
      expect.objectContaining({
        email: author.email,
        accepted: 1,
        edited: 1,
        rejected: 1,
        pending: 0,
        acceptanceRate: 2 / 3,
      }),
    ]);
  });

  it("refuses a decision on a version the reviewer was not shown", async () => {
    const project = await reviewingProject(1);
    const author = await makeMember(project.slug);
    const [id] = await write(author, project.slug, 1, () => "first version");
    const rev = await reviewer(project.slug);
    const { review } = await claimNextReview(rev, project.slug);
    expect(review).toMatchObject({ text: "first version", revision: 1 });
    // The author changes it while the review is pending (allowed until a decision).
    await editAnswer(author, id!, randomUUID(), { text: "second version" });
    await expect(decideReview(rev, review!.id, { action: "accept", revision: 1 })).rejects.toMatchObject({
      code: "conflict",
      details: { reason: "answer_changed", revision: 2 },
    });
    const again = await claimNextReview(rev, project.slug);
    expect(again.review).toMatchObject({ id: review!.id, text: "second version", revision: 2 });
    expect(await decideReview(rev, review!.id, { action: "accept", revision: 2 })).toMatchObject({
      status: "accepted",
    });
  });

  it("sets roles through add-member and set-role, audited", async () => {
    const project = await reviewingProject(1);
    const user = await makeUser();
    expect(await addProjectMember(project.slug, user.email, null, "reviewer")).toMatchObject({
      added: true,
      role: "reviewer",
    });
    expect(await setMemberRole(project.slug, user.email, "reviewer", null)).toMatchObject({ changed: false });
    expect(await setMemberRole(project.slug, user.email, "labeler", null)).toMatchObject({ changed: true });
    const events = await db.auditEvent.findMany({
      where: { projectId: project.id, action: "project.member_role" },
      orderBy: { createdAt: "asc" },
    });
    expect(events.map((e) => e.after)).toEqual([
      { email: user.email, role: "reviewer" },
      { email: user.email, role: "labeler" },
    ]);
    const outsider = await makeUser();
    await expect(setMemberRole(project.slug, outsider.email, "reviewer", null)).rejects.toThrow(/is not a member/);
  });
});

describe("the CLI", () => {
  it("sets the review rate and roles, and exports with --review", async () => {
    const { cliResult, runCli } = await import("../support/run-cli");
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 2, 0);
    expect(cliResult(["project", "set", "--slug", project.slug, "--peer-review-rate", "1"])).toEqual({
      project: { slug: project.slug, review: { reviewRate: 1 } },
    });
    const bad = runCli(["project", "set", "--slug", project.slug, "--peer-review-rate", "2"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("review rate must be at most 1");
    const author = await makeMember(project.slug);
    const user = await makeUser();
    expect(
      cliResult(["project", "add-member", "--slug", project.slug, "--email", user.email, "--role", "reviewer"]),
    ).toMatchObject({
      added: true,
      role: "reviewer",
    });
    expect(
      cliResult(["project", "set-role", "--slug", project.slug, "--email", user.email, "--role", "reviewer"]),
    ).toMatchObject({
      role: "reviewer",
      changed: false,
    });
    await write(author, project.slug, 2);
    const review = await claimNextReview(user, project.slug);
    await decideReview(user, review.review!.id, { action: "reject", revision: 1, reason: "wrong" });
    const out = `/tmp/peer-review-${randomUUID()}.jsonl`;
    expect(
      cliResult(["export", "--project", project.slug, "--format", "sft", "--out", out, "--review", "all"]),
    ).toMatchObject({
      rows: 2,
      filters: { review: "all" },
    });
    // By default: the rejected one out, the pending one out.
    expect(cliResult(["export", "--project", project.slug, "--format", "sft", "--out", out])).toMatchObject({
      rows: 0,
      filters: { review: "accepted" },
    });
  });
});
