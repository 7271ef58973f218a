import { randomUUID } from "node:crypto";
import { afterAll, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { exportProject } from "@/lib/server/export/export-project";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { collect } from "../support/collect";
import { makeMember, makeProject, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

// 32 answered items that all ask the same question: a split keyed on anything of the item
// but its prompt (its id, its completions) would put them in both halves of a 50/50 split,
// except with probability 2 * 2^-32. So the test fails every time such a split is written.
const ITEMS = 32;

it("puts every item that shares a prompt in the same part of the split", async () => {
  const project = await makeProject("comparison", 1);
  const prefix = uniqueSuffix();
  await addItems(
    project.slug,
    Array.from({ length: ITEMS }, (_, n) => ({
      externalId: `${prefix}-${n}`,
      messages: [{ role: "user" as const, content: `the one question ${prefix}` }],
      completions: [{ text: `first answer ${n}` }, { text: `second answer ${n}` }],
    })),
  );
  const labeler = await makeMember(project.slug);
  for (;;) {
    const task = await claimNextTask(labeler, project.slug);
    if (!task) break;
    const [a, b] = task.item.completions.map((c) => c.id);
    await submitAnnotation(labeler, task.id, randomUUID(), { ranking: [[a!], [b!]], strength: 2 });
  }

  const parts = { train: collect(), test: collect() };
  const manifest = await exportProject(project.slug, "raw", (name) => parts[name as "train"].stream, {
    split: [
      { name: "train", share: 0.5 },
      { name: "test", share: 0.5 },
    ],
  });
  expect(manifest.items).toBe(ITEMS);
  const sizes = [manifest.split!.train!.items, manifest.split!.test!.items].sort((x, y) => x - y);
  expect(sizes).toEqual([0, ITEMS]);
  expect([parts.train.lines().length, parts.test.lines().length].sort((x, y) => x - y)).toEqual([0, ITEMS]);
});
