import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { recordedExport } from "@/lib/server/export/record-export";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { exportOptionsSchema, exportFiltersOf } from "@/lib/validation/exports";
import { collect } from "../support/collect";
import { makeItem, makeMember, makeProject } from "../support/factories";
import { makeFeedbackEvent, makeJudge, makeJudgeAnnotation } from "../support/feedback-factories";

afterAll(() => db.$disconnect());

type Row = Record<string, unknown> & { source: string };

async function run(slug: string, format: "preference" | "kto" | "sft" | "openai-dpo" | "raw", query = {}) {
  const out = collect();
  const filters = exportFiltersOf(exportOptionsSchema.parse({ format, ...query }));
  const manifest = await exportProject(slug, format, out.stream, filters);
  return { manifest, rows: out.lines().map((l) => JSON.parse(l) as Row) };
}

describe("rows from judges", () => {
  it("judge alone, judge confirmed by a labeler, contradicted, inconsistent, and the most recent of several", async () => {
    const project = await makeProject("comparison", 1);
    const labeler = await makeMember(project.slug);
    // The labeler is served the first two (arrival order); the judge alone labels the others.
    const [audited, contradicted, alone, inconsistent] = [
      await makeItem(project.slug),
      await makeItem(project.slug),
      await makeItem(project.slug),
      await makeItem(project.slug),
    ];
    const best = (item: typeof alone) => [[item.completions[0]!.id], [item.completions[1]!.id]];
    const order = (item: typeof alone) => [
      item.completions.find((c) => c.id === best(item)[0]![0])!.text,
      item.completions.find((c) => c.id === best(item)[1]![0])!.text,
    ];
    // Labelers answer `audited` as the judge does and `contradicted` the other way round.
    const answered = new Map<string, string[]>([
      [audited.id, order(audited)],
      [contradicted.id, [...order(contradicted)].reverse()],
    ]);
    for (let n = 0; n < 2; n += 1) {
      const task = (await claimNextTask(labeler, project.slug))!;
      const wanted = answered.get(task.item.id);
      const ids = new Map(task.item.completions.map((c) => [c.text, c.id]));
      if (!wanted) throw new Error("served an item nobody should answer");
      await submitAnnotation(labeler, task.id, randomUUID(), {
        ranking: wanted.map((t) => [ids.get(t)!]),
        strength: 2,
      });
    }
    const old = await makeJudge(project.id);
    const recent = await makeJudge(project.id);
    // Two judges on `alone`: the older says the opposite; the most recent consistent one counts.
    await makeJudgeAnnotation(old, alone.id, {
      ranking: [...best(alone)].reverse(),
      createdAt: new Date("2026-01-01T00:00:00Z"),
    });
    await makeJudgeAnnotation(recent, alone.id, { ranking: best(alone) });
    await makeJudgeAnnotation(recent, audited.id, { ranking: best(audited) });
    await makeJudgeAnnotation(recent, contradicted.id, { ranking: best(contradicted) });
    await makeJudgeAnnotation(recent, inconsistent.id, { ranking: best(inconsistent), consistent: false });
    await makeJudgeAnnotation(old, inconsistent.id, { ranking: null, consistent: false });

    const { rows, manifest } = await run(project.slug, "preference");
    const summary = rows.map((r) => [r.item_id, r.source, (r.chosen as { content: string }[])[0]!.content]);
    expect(summary).toEqual([
      [audited.externalId, "human", order(audited)[0]],
      [audited.externalId, "judge+audited", order(audited)[0]],
      [contradicted.externalId, "human", order(contradicted)[1]],
      [alone.externalId, "judge", order(alone)[0]],
    ]);
    expect(manifest.rowsBySource).toEqual({ human: 2, judge: 1, "judge+audited": 1, production: 0 });
    expect(manifest.items).toBe(3);
    expect(manifest.annotations).toBe(2);

    // The filter: judge rows alone; and human alone is today's export.
    const judgeOnly = await run(project.slug, "preference", { sources: "judge,judge+audited" });
    expect(judgeOnly.rows.map((r) => r.source)).toEqual(["judge+audited", "judge"]);
    expect(judgeOnly.manifest.filters).toEqual({ sources: ["judge", "judge+audited"] });
    const human = await run(project.slug, "preference", { sources: "human" });
    expect(human.rows.map((r) => [r.item_id, r.source])).toEqual([
      [audited.externalId, "human"],
      [contradicted.externalId, "human"],
    ]);
    // An agreement floor applies to labelers' answers: the judge-only item is still there.
    const floor = await run(project.slug, "preference", { minAgreement: "0.5" });
    expect(floor.rows.map((r) => r.source)).toEqual(["judge"]);
    // openai-dpo has no room for a source: counted in the manifest only.
    const dpo = await run(project.slug, "openai-dpo");
    expect(dpo.rows.every((r) => !("source" in r))).toBe(true);
    expect(dpo.manifest.rowsBySource).toEqual(manifest.rowsBySource);
  });
});

describe("rows from production feedback", () => {
  it("thumbs, scores, edits and regenerate choices; the sources filter; class weights in the manifest", async () => {
    const project = await makeProject("comparison", 1);
    const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));
    for (let n = 0; n < 5; n += 1) await makeFeedbackEvent(project.id, { thumb: true, occurredAt: at(n) });
    await makeFeedbackEvent(project.id, { eventId: "down-edit", thumb: false, edit: "Better.", occurredAt: at(10) });
    await makeFeedbackEvent(project.id, { eventId: "score-3", score: 3, occurredAt: at(11) });
    await makeFeedbackEvent(project.id, { eventId: "score-1", score: 1, occurredAt: at(12) });
    await makeFeedbackEvent(project.id, {
      eventId: "regen",
      score: 3,
      response: "A",
      alternatives: [
        { text: "A", chosen: false },
        { text: "B", chosen: true },
      ],
      occurredAt: at(13),
    });

    const kto = await run(project.slug, "kto");
    expect(kto.rows.map((r) => r.label)).toEqual([true, true, true, true, true, false, false]);
    expect(kto.rows.every((r) => r.source === "production")).toBe(true);
    expect(kto.manifest.rowsBySource.production).toBe(7);
    expect(kto.manifest.feedbackEvents).toBe(7);
    // 5 up, 2 down: upweight the undesirable class to 2.5 (5 / (2.5 × 2) = 1, in TRL's [1, 4/3]).
    expect(kto.manifest.kto).toEqual({
      desirable: 5,
      undesirable: 2,
      desirableWeight: 1,
      undesirableWeight: 2.5,
      ratio: 1,
    });

    const preference = await run(project.slug, "preference");
    expect(preference.rows.map((r) => [r.item_id, (r.chosen as { content: string }[])[0]!.content])).toEqual([
      ["feedback:down-edit", "Better."],
      ["feedback:regen", "B"],
    ]);
    const sft = await run(project.slug, "sft");
    expect(sft.rows).toEqual([
      {
        messages: [
          { role: "user", content: "question of down-edit" },
          { role: "assistant", content: "Better." },
        ],
        source: "production",
      },
    ]);
    // Left out by the sources filter, and by the date window (when the event occurred).
    expect((await run(project.slug, "kto", { sources: "human,judge" })).rows).toEqual([]);
    const window = await run(project.slug, "kto", { from: "2026-12-01T10:10:00Z" });
    expect(window.rows.map((r) => r.item_id)).toEqual(["feedback:down-edit", "feedback:score-1"]);
  });

  it("a review's answers replace the user's signal; a demonstration project with feedback exports kto", async () => {
    const project = await makeProject("demonstration", 1);
    const review = await makeProject("demonstration", 1);
    const labeler = await makeMember(review.slug);
    const confirmItem = await makeItem(review.slug, 0);
    const correctItem = await makeItem(review.slug, 0);
    const waiting = await makeItem(review.slug, 0);
    await makeFeedbackEvent(project.id, {
      eventId: "confirm",
      thumb: false,
      response: "Paris is the capital.",
      reviewItemId: confirmItem.id,
      occurredAt: new Date("2026-12-01T10:00:00Z"),
    });
    await makeFeedbackEvent(project.id, {
      eventId: "correct",
      thumb: true,
      response: "Lyon.",
      reviewItemId: correctItem.id,
      occurredAt: new Date("2026-12-01T10:01:00Z"),
    });
    await makeFeedbackEvent(project.id, {
      eventId: "waiting",
      thumb: true,
      reviewItemId: waiting.id,
      occurredAt: new Date("2026-12-01T10:02:00Z"),
    });
    const texts = new Map([
      [confirmItem.id, "  Paris is the\ncapital. "],
      [correctItem.id, "Paris."],
    ]);
    for (let n = 0; n < 2; n += 1) {
      const task = (await claimNextTask(labeler, review.slug))!;
      // Served in arrival order: `waiting` stays unanswered, so its event stays `production`.
      const text = texts.get(task.item.id);
      if (!text) throw new Error("served the item nobody should answer");
      await submitAnnotation(labeler, task.id, randomUUID(), { text });
    }

    const kto = await run(project.slug, "kto");
    expect(kto.rows.map((r) => [r.item_id, r.label, r.source])).toEqual([
      ["feedback:confirm", true, "human"],
      ["feedback:correct", false, "human"],
      ["feedback:waiting", true, "production"],
    ]);
    const preference = await run(project.slug, "preference");
    expect(preference.rows).toEqual([
      {
        prompt: [{ role: "user", content: "question of correct" }],
        chosen: [{ role: "assistant", content: "Paris." }],
        rejected: [{ role: "assistant", content: "Lyon." }],
        margin: 1,
        item_id: "feedback:correct",
        source: "human",
      },
    ]);
    const record = await recordedExport({ slug: project.slug, format: "kto", out: collect().stream, actorId: null });
    expect(record.rowsBySource).toEqual({ human: 2, judge: 0, "judge+audited": 0, production: 1 });
    // A demonstration project without feedback still refuses kto.
    await expect(exportProject(review.slug, "kto", collect().stream)).rejects.toMatchObject({ code: "bad_request" });
  });
});
