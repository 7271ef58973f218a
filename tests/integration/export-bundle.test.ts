import { randomUUID } from "node:crypto";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { startExportBundle } from "@/lib/server/export/export-bundle";
import { startExportDownload } from "@/lib/server/export/export-download";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { exportOptionsSchema } from "@/lib/validation/exports";
import { makeMember, makeProject, makeUser, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

const bytes = async (body: ReadableStream) => new Uint8Array(await new Response(body).arrayBuffer());

it("zips every part of a split with its manifest, each part byte for byte its own download", async () => {
  const project = await makeProject("comparison", 1);
  const prefix = uniqueSuffix();
  await addItems(
    project.slug,
    Array.from({ length: 20 }, (_, n) => ({
      externalId: `${prefix}-${n}`,
      messages: [{ role: "user" as const, content: `question ${prefix} ${n}` }],
      completions: [{ text: `first ${n}` }, { text: `second ${n}` }],
    })),
  );
  const labeler = await makeMember(project.slug);
  for (;;) {
    const task = await claimNextTask(labeler, project.slug);
    if (!task) break;
    const [a, b] = task.item.completions.map((c) => c.id);
    await submitAnnotation(labeler, task.id, randomUUID(), { ranking: [[a!], [b!]], strength: 2 });
  }
  const admin = await makeUser("admin");
  const options = (extra: Record<string, string>) =>
    exportOptionsSchema.parse({ format: "preference", split: "train=0.7,test=0.3", minAnnotations: "1", ...extra });

  const bundle = await startExportBundle({ slug: project.slug, options: options({}), actorId: admin.id });
  expect(bundle.fileName).toBe(`${project.slug}-preference-split.zip`);
  const files = unzipSync(await bytes(bundle.body));
  const train = `${project.slug}-preference-train.jsonl`;
  const test = `${project.slug}-preference-test.jsonl`;
  expect(Object.keys(files).sort()).toEqual(["manifest.json", test, train].sort());

  const manifest = JSON.parse(strFromU8(files["manifest.json"]!)) as {
    rows: number;
    files: Record<string, string>;
    split: Record<string, { rows: number }>;
  };
  expect(manifest.files).toEqual({ train, test });
  const lines = (name: string) => strFromU8(files[name]!).split("\n").filter(Boolean);
  expect(lines(train).length).toBe(manifest.split.train!.rows);
  expect(lines(test).length).toBe(manifest.split.test!.rows);
  expect(manifest.rows).toBe(20);
  expect(manifest.split.train!.rows + manifest.split.test!.rows).toBe(20);
  // Preference rows carry the item's id.
  expect((JSON.parse(lines(train)[0]!) as { item_id: string }).item_id).toMatch(new RegExp(`^${prefix}-`));

  for (const part of ["train", "test"]) {
    const single = await startExportDownload({ slug: project.slug, options: options({ part }), actorId: admin.id });
    expect(await bytes(single.body)).toEqual(files[part === "train" ? train : test]);
  }
  const record = await db.export.findUniqueOrThrow({ where: { id: bundle.exportId } });
  expect(record).toMatchObject({
    status: "done",
    rowCount: 20,
    fileName: `${project.slug}-preference-split.zip`,
    splitParts: ["train", "test"],
  });
});

it("refuses a bundle without a split, or with one part named", async () => {
  const project = await makeProject("comparison", 1);
  const admin = await makeUser("admin");
  await expect(
    startExportBundle({ slug: project.slug, options: exportOptionsSchema.parse({ format: "kto" }), actorId: admin.id }),
  ).rejects.toThrow("a bundle needs split");
  await expect(
    startExportBundle({
      slug: project.slug,
      options: exportOptionsSchema.parse({ format: "kto", split: "a=0.5,b=0.5", part: "a" }),
      actorId: admin.id,
    }),
  ).rejects.toThrow("a bundle holds every part");
});
