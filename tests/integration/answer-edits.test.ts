// A labeler changes their own answer (rlhf_edit_annotation via editAnswer): only the author,
// only within the project's window, never once an export may hold it; every version is kept,
// and exports and agreement read the latest.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { editAnswer } from "@/lib/server/answers/edit-answer";
import { ownAnswerForEdit, recentAnswersOf } from "@/lib/server/answers/own-answers";
import { db, pool } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { recordedExport } from "@/lib/server/export/record-export";
import { workspaceProgress } from "@/lib/server/projects/workspace-progress";
import { labelerProgress } from "@/lib/server/projects/labeler-progress";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { collect } from "../support/collect";
import { makeItems, makeMember, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

/** A comparison item answered by two labelers, both preferring the first completion shown. */
async function answeredComparison() {
  const project = await makeProject("comparison", 2);
  const [item] = await makeItems(project.slug, 1, 2);
  const first = await makeMember(project.slug);
  const second = await makeMember(project.slug);
  const ids: string[] = [];
  const [x, y] = (await db.completion.findMany({ where: { itemId: item!.id }, orderBy: { position: "asc" } })).map(
    (c) => c.id,
  );
  for (const labeler of [first, second]) {
    const task = (await claimNextTask(labeler, project.slug))!;
    const { annotationId } = await submitAnnotation(labeler, task.id, randomUUID(), {
      ranking: [[x!], [y!]],
      strength: 2,
    });
    ids.push(annotationId);
  }
  return { project, item: item!, first, second, x: x!, y: y!, firstAnswer: ids[0]!, secondAnswer: ids[1]! };
}

describe("editing an answer", () => {
  it("keeps the old version, and exports and agreement use the latest", async () => {
    const { project, item, first, firstAnswer, x, y } = await answeredComparison();
    expect((await db.item.findUniqueOrThrow({ where: { id: item.id } })).agreement).toBe(1);

    const key = randomUUID();
    const edited = await editAnswer(first, firstAnswer, key, {
      ranking: [[y], [x]],
      strength: 3,
      comment: "changed my mind",
      rewrite: { completionId: y, text: "a better reply" },
    });
    expect(edited).toEqual({ annotationId: firstAnswer, revision: 2, replayed: false });

    const stored = await db.annotation.findUniqueOrThrow({ where: { id: firstAnswer }, include: { rewrite: true } });
    expect(stored).toMatchObject({ ranking: [[y], [x]], strength: 3, comment: "changed my mind", revision: 2 });
    expect(stored.rewrite).toMatchObject({ text: "a better reply", editedFromId: y });
    const history = await db.answerRevision.findMany({ where: { annotationId: firstAnswer } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      revision: 1,
      ranking: [[x], [y]],
      strength: 2,
      rewrite: null,
      replacedByKey: key,
    });

    // The two labelers now disagree: the stored agreement follows at once, no refresher needed.
    expect((await db.item.findUniqueOrThrow({ where: { id: item.id } })).agreement).toBe(0);

    const out = collect();
    await exportProject(project.slug, "preference", out.stream);
    const rows = out.lines().map((line) => JSON.parse(line) as { chosen: unknown; rejected: unknown });
    const texts = await db.completion.findMany({ where: { id: { in: [x, y] } } });
    const textOf = (id: string) => texts.find((c) => c.id === id)!.text;
    // One row per answer: the first labeler's now prefers y (and its rewrite), the second still x.
    expect(JSON.stringify(rows)).toContain("a better reply");
    expect(rows.filter((r) => JSON.stringify(r.chosen).includes(textOf(x))).length).toBe(1);

    // The same key again is the same edit: acknowledged, nothing new kept.
    await expect(
      editAnswer(first, firstAnswer, key, { ranking: [[y], [x]], strength: 3, comment: "changed my mind" }),
    ).resolves.toEqual({ annotationId: firstAnswer, revision: 2, replayed: true });
    expect(await db.answerRevision.count({ where: { annotationId: firstAnswer } })).toBe(1);

    const view = await ownAnswerForEdit(first, firstAnswer);
    expect(view.history.map((h) => h.revision)).toEqual([1]);
    expect(view.edit.editable).toBe(true);
  });

  it("refuses anyone but the author as if the answer did not exist, in the use case and in the database", async () => {
    const { second, firstAnswer, x, y } = await answeredComparison();
    await expect(
      editAnswer(second, firstAnswer, randomUUID(), { ranking: [[y], [x]], strength: 1 }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(ownAnswerForEdit(second, firstAnswer)).rejects.toMatchObject({ code: "not_found" });
    const direct = await pool().query("SELECT rlhf_edit_annotation($1, $2, $3, $4::jsonb) AS r", [
      firstAnswer,
      second.id,
      randomUUID(),
      JSON.stringify({ ranking: [[y], [x]], strength: 1 }),
    ]);
    expect(direct.rows[0].r).toEqual({ outcome: "not_found" });
    expect(await db.answerRevision.count({ where: { annotationId: firstAnswer } })).toBe(0);
  });

  it("refuses after the window with 409 edit_window_closed, and a retry of an edit made in time still succeeds", async () => {
    const { first, firstAnswer, x, y } = await answeredComparison();
    const key = randomUUID();
    await editAnswer(first, firstAnswer, key, { ranking: [[y], [x]], strength: 1 });
    // Ten minutes (the default window) and one second ago.
    await pool().query("UPDATE annotations SET created_at = now() - interval '601 seconds' WHERE id = $1", [
      firstAnswer,
    ]);
    await expect(
      editAnswer(first, firstAnswer, randomUUID(), { ranking: [[x], [y]], strength: 1 }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "edit_window_closed" } });
    await expect(editAnswer(first, firstAnswer, key, { ranking: [[y], [x]], strength: 1 })).resolves.toMatchObject({
      replayed: true,
    });
    expect((await ownAnswerForEdit(first, firstAnswer)).edit).toEqual({
      editable: false,
      editableUntil: null,
      lock: "window_closed",
    });
  });

  it("refuses an answer made final by an export started after it, and follows the project's window setting", async () => {
    const { project, first, second, firstAnswer, secondAnswer, x, y } = await answeredComparison();
    await db.export.create({ data: { projectId: project.id, format: "preference", status: "done" } });
    await expect(
      editAnswer(first, firstAnswer, randomUUID(), { ranking: [[y], [x]], strength: 1 }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "answer_final" } });
    const recent = await recentAnswersOf(second, { project: project.slug });
    expect(recent.map((r) => [r.id, r.edit.lock])).toEqual([[secondAnswer, "exported"]]);

    // A window of 0 turns changes off.
    const other = await answeredComparison();
    await db.project.update({ where: { id: other.project.id }, data: { editWindowSeconds: 0 } });
    await expect(
      editAnswer(other.first, other.firstAnswer, randomUUID(), { ranking: [[other.y], [other.x]], strength: 1 }),
    ).rejects.toMatchObject({ details: { reason: "edit_window_closed" } });
  });

  it("checks the new version like a submit, and refuses a key used for another answer", async () => {
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 2, 0);
    const labeler = await makeMember(project.slug);
    const answers: string[] = [];
    const keys: string[] = [];
    for (let n = 0; n < 2; n++) {
      const task = (await claimNextTask(labeler, project.slug))!;
      keys.push(randomUUID());
      answers.push((await submitAnnotation(labeler, task.id, keys[n]!, { text: `reply ${n}` })).annotationId);
    }
    await expect(editAnswer(labeler, answers[0]!, randomUUID(), { text: "  " })).rejects.toMatchObject({
      code: "bad_request",
    });
    const key = randomUUID();
    await editAnswer(labeler, answers[0]!, key, { text: "reply 0, better" });
    await expect(editAnswer(labeler, answers[1]!, key, { text: "x" })).rejects.toMatchObject({
      details: { reason: "idempotency_key_reused" },
    });
    // A submit's key is not an edit key either.
    await expect(editAnswer(labeler, answers[1]!, keys[0]!, { text: "x" })).rejects.toMatchObject({
      details: { reason: "idempotency_key_reused" },
    });
    expect((await db.annotation.findUniqueOrThrow({ where: { id: answers[0]! } })).text).toBe("reply 0, better");
  });
});

describe("editing an answer: limits", () => {
  it("a labeler removed from the project can neither read nor change their answers there", async () => {
    const { project, first, firstAnswer, x, y } = await answeredComparison();
    await db.membership.delete({ where: { projectId_userId: { projectId: project.id, userId: first.id } } });
    await expect(ownAnswerForEdit(first, firstAnswer)).rejects.toMatchObject({ code: "not_found" });
    await expect(
      editAnswer(first, firstAnswer, randomUUID(), { ranking: [[y], [x]], strength: 3 }),
    ).rejects.toMatchObject({ code: "not_found" });
    const direct = await pool().query("SELECT rlhf_edit_annotation($1, $2, $3, $4::jsonb) AS r", [
      firstAnswer,
      first.id,
      randomUUID(),
      JSON.stringify({ ranking: [[y], [x]], strength: 3 }),
    ]);
    expect(direct.rows[0].r).toEqual({ outcome: "not_found" });
    expect((await db.annotation.findUniqueOrThrow({ where: { id: firstAnswer } })).revision).toBe(1);
  });

  it("an answer has at most 20 versions, and its time spent never overflows", async () => {
    const { first, firstAnswer, x, y } = await answeredComparison();
    for (let n = 0; n < 19; n++) {
      // Near the column's limit before the last edit: the sum is clamped, not an overflow (a 500).
      if (n === 18)
        await pool().query("UPDATE annotations SET time_spent_ms = 2147000000 WHERE id = $1", [firstAnswer]);
      await editAnswer(first, firstAnswer, randomUUID(), {
        ranking: n % 2 ? [[x], [y]] : [[y], [x]],
        strength: 1,
        timeSpentMs: 86_400_000,
      });
    }
    const stored = await db.annotation.findUniqueOrThrow({ where: { id: firstAnswer } });
    expect(stored.revision).toBe(20);
    expect(stored.timeSpentMs).toBe(2_147_483_647);
    await expect(
      editAnswer(first, firstAnswer, randomUUID(), { ranking: [[x], [y]], strength: 2 }),
    ).rejects.toMatchObject({ code: "conflict", details: { reason: "too_many_edits" } });
    expect(await db.answerRevision.count({ where: { annotationId: firstAnswer } })).toBe(19);
  });

  it("the same key sent for two answers at once: one is stored, the other is told the key was used", async () => {
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 2, 0);
    const labeler = await makeMember(project.slug);
    const answers: string[] = [];
    for (let n = 0; n < 2; n++) {
      const task = (await claimNextTask(labeler, project.slug))!;
      answers.push((await submitAnnotation(labeler, task.id, randomUUID(), { text: `reply ${n}` })).annotationId);
    }
    const key = randomUUID();
    const results = await Promise.allSettled(
      answers.map((id, n) => editAnswer(labeler, id, key, { text: `reply ${n}, changed` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", details: { reason: "idempotency_key_reused" } });
  });

  it("an edit in flight when an export starts is in that export; an edit after it is refused as final", async () => {
    const { project, first, firstAnswer, x, y } = await answeredComparison();
    const client = await pool().connect();
    try {
      await client.query("BEGIN");
      const edit = await client.query("SELECT rlhf_edit_annotation($1, $2, $3, $4::jsonb) AS r", [
        firstAnswer,
        first.id,
        randomUUID(),
        JSON.stringify({ ranking: [[y], [x]], strength: 3 }),
      ]);
      expect(edit.rows[0].r).toMatchObject({ outcome: "stored" });
      // The export waits for the edit's transaction before it records itself and reads.
      const out = collect();
      const exporting = recordedExport({
        slug: project.slug,
        format: "preference",
        out: out.stream,
        actorId: null,
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      await client.query("COMMIT");
      await exporting;
      const rows = out.lines().map((line) => JSON.parse(line) as { chosen: unknown });
      const [yText] = (await db.completion.findMany({ where: { id: y } })).map((c) => c.text);
      // The first labeler's edit (y over x) is in the export, beside the second's x over y.
      expect(rows.filter((r) => JSON.stringify(r.chosen).includes(yText!))).toHaveLength(1);
    } finally {
      client.release();
    }
    await expect(
      editAnswer(first, firstAnswer, randomUUID(), { ranking: [[x], [y]], strength: 1 }),
    ).rejects.toMatchObject({ details: { reason: "answer_final" } });
  });
});

describe("progress on the labeling page", () => {
  it("opening a task does not change 'Left for you'; the session count comes from the server", async () => {
    const project = await makeProject("demonstration", 1);
    await makeItems(project.slug, 3, 0);
    const labeler = await makeMember(project.slug);
    const sessionStart = new Date(Date.now() - 1000);
    expect(await workspaceProgress(labeler, project.slug, sessionStart)).toEqual({
      remaining: 3,
      gate: null,
      doneSince: 0,
    });
    const task = (await claimNextTask(labeler, project.slug))!;
    expect(await workspaceProgress(labeler, project.slug, sessionStart)).toEqual({
      remaining: 3,
      gate: null,
      doneSince: 0,
    });
    expect((await labelerProgress(labeler.id, [project.id])).get(project.id)!.remaining).toBe(3);
    await submitAnnotation(labeler, task.id, randomUUID(), { text: "done" });
    expect(await workspaceProgress(labeler, project.slug, sessionStart)).toEqual({
      remaining: 2,
      gate: null,
      doneSince: 1,
    });
    expect(await workspaceProgress(labeler, project.slug, new Date(Date.now() + 1000))).toMatchObject({ doneSince: 0 });
    const stranger = await makeMember((await makeProject("demonstration", 1)).slug);
    await expect(workspaceProgress(stranger, project.slug, sessionStart)).rejects.toMatchObject({ code: "not_found" });
  });
});
