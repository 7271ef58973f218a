// Items are numbered within their project (#1, #2, ...): the importer reserves a batch's
// numbers under a per-project lock, a trigger numbers rows inserted without one, and
// existing rows were numbered by the migration.
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/server/db/client";
import { addItems } from "@/lib/server/items/add-items";
import { makeItems, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

const numbersOf = async (projectId: string) =>
  (await db.item.findMany({ where: { projectId }, orderBy: { seq: "asc" }, select: { number: true } })).map(
    (i) => i.number,
  );

const batch = (tag: string, count: number) =>
  Array.from({ length: count }, (_, n) => ({
    externalId: `${tag}-${n}`,
    messages: [{ role: "user" as const, content: `prompt ${tag}-${n}` }],
    completions: [{ text: "a" }, { text: "b" }],
  }));

describe("item numbers within a project", () => {
  it("start at 1 in each project and follow arrival order", async () => {
    const one = await makeProject("comparison", 1);
    const two = await makeProject("comparison", 1);
    await makeItems(one.slug, 3);
    await makeItems(two.slug, 2);
    await makeItems(one.slug, 2);
    expect(await numbersOf(one.id)).toEqual([1, 2, 3, 4, 5]);
    expect(await numbersOf(two.id)).toEqual([1, 2]);
  });

  it("concurrent imports into one project get distinct, increasing numbers", async () => {
    const project = await makeProject("comparison", 1);
    await Promise.all(["a", "b", "c", "d"].map((tag) => addItems(project.slug, batch(tag, 30))));
    const rows = await db.item.findMany({
      where: { projectId: project.id },
      orderBy: { seq: "asc" },
      select: { number: true, externalId: true },
    });
    const numbers = rows.map((r) => r.number);
    expect(new Set(numbers).size).toBe(120);
    expect(Math.min(...numbers)).toBeGreaterThanOrEqual(1);
    // Within one import, file order; across imports, numbers only grow with arrival.
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    for (const tag of ["a", "b", "c", "d"]) {
      const mine = rows.filter((r) => r.externalId.startsWith(`${tag}-`));
      expect(mine.map((r) => Number(r.externalId.split("-")[1]))).toEqual([...Array(30).keys()]);
    }
  });

  it("a duplicate leaves a gap at most, never a repeated number", async () => {
    const project = await makeProject("comparison", 1);
    await addItems(project.slug, batch("x", 3));
    await addItems(project.slug, [...batch("x", 2), ...batch("y", 2)]);
    const numbers = await numbersOf(project.id);
    expect(numbers).toHaveLength(5);
    expect(new Set(numbers).size).toBe(5);
    expect(numbers.slice(0, 3)).toEqual([1, 2, 3]);
    expect(numbers[3]).toBeGreaterThan(3);
    expect(numbers[4]).toBeGreaterThan(numbers[3]!);
  });

  it("a row inserted without a number is given the next one by the trigger", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2);
    await pool().query(
      `INSERT INTO items (id, project_id, external_id, content_hash, messages)
       SELECT gen_random_uuid(), $1, 'raw-' || n, md5('raw' || n), '[{"role":"user","content":"raw"}]'
         FROM generate_series(1, 3) n`,
      [project.id],
    );
    expect(await numbersOf(project.id)).toEqual([1, 2, 3, 4, 5]);
    await expect(
      pool().query(
        `INSERT INTO items (id, project_id, external_id, content_hash, messages, number)
         VALUES (gen_random_uuid(), $1, 'dup', 'dup', '[]', 2)`,
        [project.id],
      ),
    ).rejects.toThrow(/items_project_id_number_key/);
  });
});
