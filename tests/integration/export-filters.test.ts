import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { exportProject, type ExportProgress } from "@/lib/server/export/export-project";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { skipTask } from "@/lib/server/queue/skip-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { collect } from "../support/collect";
import { makeMember, makeProject, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

// A ranking project, overlap 4: items 0-5 answered by four labelers (three always agree, the
// fourth always reverses them), items 6-9 by the first labeler only; two of those share a
// prompt. The first labeler flags a completion of item 0.
let slug = "";
let labelers: SessionUser[] = [];
let itemIds: string[] = [];
const ALL = 10;

beforeAll(async () => {
  const project = await makeProject("ranking", 4);
  slug = project.slug;
  const prefix = uniqueSuffix();
  await addItems(
    slug,
    Array.from({ length: ALL }, (_, n) => ({
      externalId: `${prefix}-${n}`,
      // Items 8 and 9 ask the same question (with other completions).
      messages: [{ role: "user" as const, content: `question ${prefix}-${n === 9 ? 8 : n}` }],
      completions: [0, 1, 2].map((c) => ({ text: `answer ${c} to ${n}${"!".repeat(c)}` })),
    })),
  );
  const items = await db.item.findMany({ where: { projectId: project.id }, orderBy: { seq: "asc" } });
  itemIds = items.map((i) => i.id);
  labelers = [await makeMember(slug), await makeMember(slug), await makeMember(slug), await makeMember(slug)];
  for (const [index, labeler] of labelers.entries()) {
    for (;;) {
      const task = await claimNextTask(labeler, slug);
      if (!task) break;
      const n = itemIds.indexOf(task.item.id);
      if (index > 0 && n >= 6) {
        await skipTask(labeler, task.id, "only the first labeler answers these");
        break;
      }
      const ids = [...task.item.completions.map((c) => c.id)].sort();
      const byText = (await db.completion.findMany({ where: { id: { in: ids } }, orderBy: { text: "asc" } })).map(
        (c) => c.id,
      );
      const ranking = (index === 3 ? [...byText].reverse() : byText).map((id) => [id]);
      await submitAnnotation(labeler, task.id, randomUUID(), {
        ranking,
        flags: index === 0 && n === 0 ? { [byText[2]!]: ["harmful"] } : undefined,
      });
    }
  }
});

async function run(filters: Parameters<typeof exportProject>[3], format: "raw" | "preference" = "raw") {
  const out = collect();
  const manifest = await exportProject(slug, format, out.stream, filters);
  return { manifest, rows: out.lines().map((l) => JSON.parse(l) as Record<string, unknown>), text: out.text() };
}

describe("export filters", () => {
  it("keeps every answer without filters, and summarises agreement in the manifest", async () => {
    const { manifest, rows } = await run({});
    expect(rows).toHaveLength(6 * 4 + 4);
    expect(manifest).toMatchObject({ items: ALL, annotations: 28, split: null });
    // Items 0-5: the fourth labeler reverses the other three: 3 of 6 labeler pairs agree.
    expect(manifest.agreement).toEqual({ itemsMeasured: 6, mean: 0.5, min: 0.5 });
  });

  it("minimum answers per item", async () => {
    const { manifest } = await run({ minAnnotations: 4 });
    expect(manifest).toMatchObject({ items: 6, annotations: 24, filters: { minAnnotations: 4 } });
  });

  it("exclude flagged leaves out items with any flag", async () => {
    const { rows, manifest } = await run({ excludeFlagged: true });
    expect(manifest.items).toBe(ALL - 1);
    expect(rows.some((r) => (r.item as string).endsWith("-0"))).toBe(false);
  });

  it("a labeler quality bar drops the answers of labelers below it (and unmeasured ones)", async () => {
    const { rows } = await run({ minLabelerAgreement: 0.9 });
    // The three who agree keep their answers on items 0-5; the fourth agrees with no one.
    expect(new Set(rows.map((r) => r.labeler)).size).toBe(3);
    expect(rows).toHaveLength(6 * 3 + 4);
  });

  it("a date range keeps answers given inside it", async () => {
    const old = new Date("2020-01-01T00:00:00Z");
    await db.annotation.updateMany({ where: { itemId: itemIds[7]! }, data: { createdAt: old } });
    expect((await run({ to: "2021-01-01" })).manifest).toMatchObject({ items: 1, annotations: 1 });
    expect((await run({ from: "2021-01-01" })).manifest).toMatchObject({ items: ALL - 1, annotations: 27 });
    expect((await run({ from: "2019-12-31", to: "2020-01-02T00:00:00Z" })).manifest.items).toBe(1);
  });

  it("splits by prompt deterministically: parts add up, one prompt never in two parts", async () => {
    const split = [
      { name: "train", share: 0.5 },
      { name: "test", share: 0.5 },
    ];
    const parts = { train: collect(), test: collect() };
    const progress: ExportProgress[] = [];
    const manifest = await exportProject(
      slug,
      "preference",
      (name) => parts[name as "train"].stream,
      { split },
      (p) => progress.push(p),
    );
    const whole = await run({}, "preference");
    expect(manifest.rows).toBe(whole.manifest.rows);
    expect(manifest.sha256).toBe(whole.manifest.sha256);
    expect(manifest.split!.train!.rows + manifest.split!.test!.rows).toBe(whole.rows.length);
    expect(manifest.split!.train!.items + manifest.split!.test!.items).toBe(ALL);
    expect([...parts.train.lines(), ...parts.test.lines()].sort()).toEqual(
      whole.text.split("\n").filter(Boolean).sort(),
    );
    const promptsOf = (lines: string[]) =>
      new Set(lines.map((l) => JSON.stringify((JSON.parse(l) as { prompt: unknown }).prompt)));
    const train = promptsOf(parts.train.lines());
    for (const prompt of promptsOf(parts.test.lines())) expect(train.has(prompt)).toBe(false);
    expect(progress.at(-1)).toMatchObject({ itemsDone: ALL, itemsTotal: ALL, rows: whole.rows.length });

    // The same split again: the same bytes per part.
    const again = { train: collect(), test: collect() };
    const second = await exportProject(slug, "preference", (name) => again[name as "train"].stream, { split });
    expect(second.split).toEqual(manifest.split);
    expect(again.train.text()).toBe(parts.train.text());
    // A part nobody wants is counted, not written.
    const onlyTest = collect();
    const third = await exportProject(slug, "preference", (name) => (name === "test" ? onlyTest.stream : null), {
      split,
    });
    expect(third.split!.train!.rows).toBe(manifest.split!.train!.rows);
    expect(onlyTest.text()).toBe(parts.test.text());
  });
});
