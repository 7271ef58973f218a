import { afterAll, describe, expect, it } from "vitest";
import { z, ZodError } from "zod";
import { db, inTransaction, pool } from "@/lib/server/db/client";
import { queryRow, queryRows } from "@/lib/server/db/query";
import { requireProject } from "@/lib/server/projects/require-project";
import { updateProject } from "@/lib/server/projects/update-project";
import { setProjectStatus } from "@/lib/server/queue/project-status";
import { makeProject, makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("queryRows", () => {
  it("maps columns through the schema and refuses a row that does not match it", async () => {
    const project = await makeProject("ranking", 3);
    const row = z
      .object({ min_completions: z.number(), status: z.enum(["active", "paused", "archived"]) })
      .transform((r) => ({ minCompletions: r.min_completions, status: r.status }));
    const rows = await queryRows(
      pool(),
      row,
      "SELECT min_completions, status::text AS status FROM projects WHERE slug = $1",
      [project.slug],
    );
    expect(rows).toEqual([{ minCompletions: 2, status: "active" }]);
    // overlap is a number: a schema that expects text is a bug the read must surface.
    await expect(
      queryRow(pool(), z.object({ overlap: z.string() }), "SELECT overlap FROM projects WHERE slug = $1", [
        project.slug,
      ]),
    ).rejects.toBeInstanceOf(ZodError);
    expect(await queryRow(pool(), row, "SELECT min_completions, status FROM projects WHERE slug = 'none'")).toBeNull();
  });
});

describe("inTransaction", () => {
  it("rolls back every statement when the callback throws", async () => {
    const project = await makeProject("ranking", 1);
    await expect(
      inTransaction(async (tx) => {
        await tx.query("UPDATE projects SET name = 'changed' WHERE id = $1", [project.id]);
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect((await requireProject(project.slug)).name).toBe(project.name);
  });
});

describe("requireProject inside a transaction", () => {
  it("reads on the transaction's client: the project created in it is found before it commits", async () => {
    const project = await makeProject("ranking", 1);
    const copy = `${project.slug}-copy`;
    await inTransaction(async (tx) => {
      await tx.query(
        `INSERT INTO projects (id, slug, name, kind, flags, updated_at)
         VALUES (gen_random_uuid(), $1, 'copy', 'ranking', '{}', now())`,
        [copy],
      );
      expect((await requireProject(copy, { tx })).slug).toBe(copy);
      await expect(requireProject(copy)).rejects.toMatchObject({ code: "not_found" });
    });
  });

  it("with forUpdate holds the row: a status change waits until the holder commits", async () => {
    const admin = await makeUser("admin");
    const project = await makeProject("ranking", 1);
    const events: string[] = [];
    const holder = inTransaction(async (tx) => {
      await requireProject(project.slug, { tx, forUpdate: true });
      await sleep(400);
      events.push("holder commits");
    });
    await sleep(100);
    await setProjectStatus(project.slug, "paused", admin.id);
    events.push("status changed");
    await holder;
    expect(events).toEqual(["holder commits", "status changed"]);
  });

  it("answers not_found the same way on a transaction's client", async () => {
    const admin = await makeUser("admin");
    const settings = {
      name: "x",
      overlap: 1,
      leaseMinutes: 10,
      minCompletions: 2,
      maxCompletions: 2,
      likertEnabled: false,
      flags: [],
      minDemoLength: 0,
      guidelines: "",
    };
    await expect(updateProject("no-such-project", settings, admin.id)).rejects.toMatchObject({
      code: "not_found",
      message: "no project with slug no-such-project",
    });
    await expect(setProjectStatus("no such\u0000slug", "paused", admin.id)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
