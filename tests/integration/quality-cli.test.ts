// The quality program as an operator drives it (docs/CLI.md): `project set` with the quality
// flags (other settings untouched), `gold set` by item number and letters, and
// `qualification status` printing exactly {"labelers": [{"email", "status", "score", "answered"}]}.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { cliResult, runCli } from "../support/run-cli";
import { makeItems, makeMember, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

describe("quality CLI", () => {
  it("sets the quality settings and gold items, then reports each labeler's qualification", async () => {
    const project = await makeProject("comparison", 1);
    await makeItems(project.slug, 2, 2);
    const labeler = await makeMember(project.slug);

    // Qualification without qualification items: the project becomes a draft and says why. A
    // threshold alone asks for a qualification (DESIGN.md's example gives no --qualification-required).
    const draft = cliResult([
      "project",
      "set",
      "--slug",
      project.slug,
      "--qualification-threshold",
      "0.75",
      "--attention-rate",
      "0.05",
      "--qualification-retry-hours",
      "none",
    ]);
    expect(draft).toMatchObject({
      project: {
        slug: project.slug,
        quality: {
          qualificationRequired: true,
          qualificationThreshold: 0.75,
          qualificationRetryHours: null,
          attentionRate: 0.05,
          attentionWindow: 10,
          status: "draft",
          notice: expect.stringContaining("no qualification items"),
        },
      },
    });
    expect(Object.keys(draft.project as object)).toEqual(["slug", "quality"]);

    const gold = cliResult([
      "gold",
      "set",
      "--project",
      project.slug,
      "--item",
      "1",
      "--role",
      "qualification",
      "--ranking",
      "B > A",
      "--explanation",
      "B answers.",
    ]);
    const item = await db.item.findUniqueOrThrow({
      where: { projectId_number: { projectId: project.id, number: 1 } },
      include: { completions: { orderBy: { position: "asc" } } },
    });
    const [a, b] = item.completions.map((c) => c.id);
    expect(gold).toEqual({
      gold: {
        isGold: true,
        goldAnswer: { best: b, ranking: [[b], [a]] },
        role: "qualification",
        explanation: "B answers.",
        unusable: null,
      },
    });

    const bad = runCli(["project", "set", "--slug", project.slug, "--attention-rate", "2"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe("error: --attention-rate: must be from 0 to 1");

    expect(cliResult(["qualification", "status", "--project", project.slug])).toEqual({
      labelers: [{ email: labeler.email, status: "pending", score: null, answered: 0 }],
    });
    // Still a draft until an admin starts it; the item page's gold is now usable.
    await expect(claimNextTask(labeler, project.slug)).rejects.toMatchObject({ details: { reason: "draft" } });
  });
});
