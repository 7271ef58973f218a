// Production feedback from end to end, through the use cases a deployment calls: events
// ingested as the HTTP route does (scrubbed, routed in the same transaction), reviewed by a
// labeler in the review project, and exported from the project that received them.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { ingestFeedback } from "@/lib/server/feedback/ingest-feedback";
import { updateFeedbackSettings } from "@/lib/server/feedback/feedback-settings";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { exportFiltersOf, exportOptionsSchema } from "@/lib/validation/exports";
import { collect } from "../support/collect";
import { makeMember, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

type Row = Record<string, unknown> & { source: string };

async function rowsOf(slug: string, format: "kto" | "sft" | "preference", query: Record<string, unknown> = {}) {
  const out = collect();
  const manifest = await exportProject(
    slug,
    format,
    out.stream,
    exportFiltersOf(exportOptionsSchema.parse({ format, ...query })),
  );
  return { manifest, rows: out.lines().map((l) => JSON.parse(l) as Row) };
}

const event = (id: string, rating: "up" | "down", extra: Record<string, unknown> = {}) => ({
  id,
  conversation: [{ role: "user", content: `Question ${id}: write to me at ${id}@mail.example` }],
  response: `Reply ${id}`,
  rating,
  occurredAt: "2026-11-30T10:00:00Z",
  ...extra,
});

describe("production feedback, ingested, reviewed and exported", () => {
  it("routes every down to review; the labeler's answers replace the users' signal in exports", async () => {
    const production = await makeProject("comparison", 1);
    const review = await makeProject("demonstration", 1);
    const labeler = await makeMember(review.slug);
    await updateFeedbackSettings(production.slug, { routes: [{ when: "down", rate: 1, project: review.slug }] }, null);

    const sent = [
      event("e-up", "up"),
      event("e-confirmed", "down"),
      event("e-corrected", "down"),
      event("e-edit", "up", { edit: "Reply e-edit, as the user fixed it" }),
    ];
    const first = await ingestFeedback({ slug: production.slug, events: sent });
    expect(first.accepted.map((a) => a.id)).toEqual(sent.map((e) => e.id));
    // Sending the batch again changes nothing and routes nothing twice.
    const again = await ingestFeedback({ slug: production.slug, events: sent });
    expect(again.duplicates).toHaveLength(4);
    const stored = await db.feedbackEvent.findMany({
      where: { projectId: production.id },
      orderBy: { eventId: "asc" },
    });
    expect(stored.every((e) => !JSON.stringify(e.conversation).includes("@mail.example"))).toBe(true);
    expect(stored.filter((e) => e.reviewItemId).map((e) => e.eventId)).toEqual(["e-confirmed", "e-corrected"]);
    expect(await db.item.count({ where: { projectId: review.id } })).toBe(2);

    // The labeler confirms one reply and corrects the other.
    for (let n = 0; n < 2; n += 1) {
      const task = (await claimNextTask(labeler, review.slug))!;
      const reply = task.item.completions[0]!.text;
      const text = reply === "Reply e-confirmed" ? reply : "A corrected, precise reply";
      await submitAnnotation(labeler, task.id, randomUUID(), { text });
    }
    expect(await claimNextTask(labeler, review.slug)).toBeNull();

    const kto = await rowsOf(production.slug, "kto");
    const ktoOf = (reply: string) => kto.rows.filter((r) => JSON.stringify(r.completion).includes(reply));
    expect(ktoOf("Reply e-up").map((r) => [r.label, r.source])).toEqual([[true, "production"]]);
    // The user said "down"; the labeler confirmed the reply: it is a good one.
    expect(ktoOf("Reply e-confirmed").map((r) => [r.label, r.source])).toEqual([[true, "human"]]);
    expect(ktoOf("Reply e-corrected").map((r) => [r.label, r.source])).toEqual([[false, "human"]]);

    const sft = await rowsOf(production.slug, "sft");
    const sftTexts = sft.rows.map((r) => [JSON.stringify(r.messages), r.source]);
    expect(sftTexts.some(([m, s]) => String(m).includes("A corrected, precise reply") && s === "human")).toBe(true);
    expect(sftTexts.some(([m, s]) => String(m).includes("as the user fixed it") && s === "production")).toBe(true);

    // The sources filter keeps only what it names, and the manifest counts rows by source.
    const humanOnly = await rowsOf(production.slug, "preference", { sources: "human" });
    expect(humanOnly.rows.length).toBeGreaterThan(0);
    expect(new Set(humanOnly.rows.map((r) => r.source))).toEqual(new Set(["human"]));
    const all = await rowsOf(production.slug, "preference");
    expect(all.rows.map((r) => r.source).sort()).toEqual(["human", "production"]);
  });
});
