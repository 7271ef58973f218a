// A demonstration's minimum length counts what a reader sees, at the submit itself.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { makeItems, makeMember, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

describe("submitAnnotation: minimum demonstration length", () => {
  it('refuses "ok" padded with 60 zero-width spaces under a 50-character minimum, and keeps the lease', async () => {
    const project = await makeProject("demonstration", 1);
    await db.project.update({ where: { id: project.id }, data: { minDemoLength: 50 } });
    await makeItems(project.slug, 1, 0);
    const labeler = await makeMember(project.slug);
    const task = (await claimNextTask(labeler, project.slug))!;

    for (const [text, problem] of [
      [`ok${"\u200b".repeat(60)}`, "text: at least 50 characters (now 2)"],
      [`ok${"\u2060\ufeff\u200d".repeat(20)}`, "text: at least 50 characters (now 2)"],
      ["\u200b".repeat(100), "text: write the reply before submitting"],
    ] as const) {
      await expect(submitAnnotation(labeler, task.id, randomUUID(), { text })).rejects.toMatchObject({
        code: "bad_request",
        message: problem,
      });
    }
    expect(await db.annotation.count({ where: { leaseId: task.id } })).toBe(0);
    expect(await db.lease.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ state: "active" });

    // Fifty visible characters pass, emoji counted as one each.
    const reply = `${"👍🏽".repeat(10)}${"A fine reply that says enough".padEnd(40, ".")}`;
    await expect(submitAnnotation(labeler, task.id, randomUUID(), { text: reply })).resolves.toMatchObject({
      replayed: false,
    });
  });
});
