import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { importItems } from "@/lib/server/import/import-items";
import { jsonlEntries } from "@/lib/server/import/sources";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { collect } from "../support/collect";
import { makeMember, makeProject } from "../support/factories";

afterAll(() => db.$disconnect());

const hh = (chosen: string, rejected: string) =>
  `{"chosen": ${JSON.stringify(chosen)}, "rejected": ${JSON.stringify(rejected)}}`;

describe("export round trip", () => {
  it("reproduces an HH file exactly after each item is answered with its chosen side", async () => {
    const long = "A long reply. ".repeat(2000);
    const file = [
      hh("\n\nHuman: What is 2+2?\n\nAssistant: 4.", "\n\nHuman: What is 2+2?\n\nAssistant: 5."),
      hh(
        "\n\nHuman: Bonjour, ça va ?\n\nAssistant: Très bien, merci ! 😊\n\nHuman: Et en japonais ?\n\nAssistant: 元気です。",
        "\n\nHuman: Bonjour, ça va ?\n\nAssistant: Très bien, merci ! 😊\n\nHuman: Et en japonais ?\n\nAssistant: I don't know.",
      ),
      hh(
        `\n\nHuman: Write a lot "quoted" \\ back-slashed\n\nAssistant: ${long}`,
        '\n\nHuman: Write a lot "quoted" \\ back-slashed\n\nAssistant: No.',
      ),
    ]
      .map((l) => `${l}\n`)
      .join("");
    const project = await makeProject("comparison", 1);
    const source = jsonlEntries(Readable.from([Buffer.from(file)]), "auto");
    const summary = await importItems(null, project.slug, source.entries, { skipInvalid: false }, source.detected);
    expect(summary).toMatchObject({ imported: 3, format: "hh" });

    const labeler = await makeMember(project.slug);
    const chosenIds = new Set(
      (await db.completion.findMany({ where: { model: "hh-chosen", item: { projectId: project.id } } })).map(
        (c) => c.id,
      ),
    );
    for (;;) {
      const task = await claimNextTask(labeler, project.slug);
      if (!task) break;
      const [first, second] = task.item.completions.map((c) => c.id);
      const chosen = chosenIds.has(first!) ? first! : second!;
      const rejected = chosen === first ? second! : first!;
      await submitAnnotation(labeler, task.id, randomUUID(), { ranking: [[chosen], [rejected]], strength: 2 });
    }

    const out = collect();
    const manifest = await exportProject(project.slug, "preference-hh", out.stream);
    expect(out.text()).toBe(file);
    expect(manifest).toMatchObject({
      rows: 3,
      items: 3,
      annotations: 3,
      format: "preference-hh",
      guidelineVersions: [0],
    });

    const filtered = collect();
    // One labeler per item: no agreement yet, so a minimum agreement keeps nothing.
    expect(await exportProject(project.slug, "preference", filtered.stream, { minAgreement: 0.5 })).toMatchObject({
      rows: 0,
      filters: { minAgreement: 0.5 },
    });

    const again = collect();
    const second = await exportProject(project.slug, "preference-hh", again.stream);
    expect(second.sha256).toBe(manifest.sha256);
    expect(again.text()).toBe(out.text());
  });

  it("refuses an unknown project", async () => {
    await expect(exportProject("no-such-project", "raw", collect().stream)).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
