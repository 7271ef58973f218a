import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { recordedExport } from "@/lib/server/export/record-export";
import { collect } from "../support/collect";
import { makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

describe("export formats the project's kind does not allow", () => {
  it("are refused with the allowed list, before any record is made", async () => {
    const project = await makeProject("demonstration", 1);
    const refusal = {
      name: "AppError",
      code: "bad_request",
      message: `format preference does not apply to a demonstration project; use one of sft, sft-prompt-completion, raw`,
      details: { allowed: ["sft", "sft-prompt-completion", "raw"] },
    };
    await expect(exportProject(project.slug, "preference", collect().stream)).rejects.toMatchObject(refusal);
    await expect(
      recordedExport({ slug: project.slug, format: "kto", out: collect().stream, actorId: null }),
    ).rejects.toMatchObject({ code: "bad_request", details: { allowed: ["sft", "sft-prompt-completion", "raw"] } });
    expect(await db.export.count({ where: { projectId: project.id } })).toBe(0);
    // An allowed one runs.
    await expect(exportProject(project.slug, "sft", collect().stream)).resolves.toMatchObject({ rows: 0 });
  });
});
