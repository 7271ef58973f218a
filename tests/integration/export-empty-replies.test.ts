// Empty replies are real data: in public HH-RLHF the preferred answer to some harmful requests
// is an empty final Assistant turn. They go in, are shown and answered, and come back out of
// every export as "" (not null, not a dropped row); the HH round trip stays byte for byte.
import { randomUUID } from "node:crypto";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import { createGunzip } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { ExportFormat } from "@/lib/domain/export/formats";
import { db } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { importItems } from "@/lib/server/import/import-items";
import { jsonlEntries } from "@/lib/server/import/sources";
import { claimNextTask } from "@/lib/server/tasks/claim-next-task";
import { submitAnnotation } from "@/lib/server/tasks/submit-annotation";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { collect } from "../support/collect";
import { makeMember, makeProject } from "../support/factories";
import { fixturesDir, sharedData } from "../support/shared-data";

afterAll(() => db.$disconnect());

async function importHh(file: string, slug: string) {
  const source = jsonlEntries(Readable.from([Buffer.from(file)]), "hh");
  return importItems(null, slug, source.entries, { skipInvalid: false }, source.detected);
}

/** Every task answered with the file's chosen side first; `extra` adds to each answer. */
async function answerChosen(
  labeler: SessionUser,
  slug: string,
  projectId: string,
  extra: (ids: { chosen: string; rejected: string; texts: Map<string, string> }) => object = () => ({}),
) {
  const chosenIds = new Set(
    (await db.completion.findMany({ where: { model: "hh-chosen", item: { projectId } } })).map((c) => c.id),
  );
  let answered = 0;
  for (;;) {
    const task = await claimNextTask(labeler, slug);
    if (!task) break;
    const texts = new Map(task.item.completions.map((c) => [c.id, c.text]));
    const [first, second] = task.item.completions.map((c) => c.id);
    const chosen = chosenIds.has(first!) ? first! : second!;
    const rejected = chosen === first ? second! : first!;
    await submitAnnotation(labeler, task.id, randomUUID(), {
      ranking: [[chosen], [rejected]],
      strength: 2,
      ...extra({ chosen, rejected, texts }),
    });
    answered += 1;
  }
  return answered;
}

async function exportText(slug: string, format: ExportFormat) {
  const out = collect();
  const manifest = await exportProject(slug, format, out.stream);
  return { text: out.text(), rows: out.lines().map((l) => JSON.parse(l) as Record<string, unknown>), manifest };
}

const reply = (content: string) => [{ role: "assistant", content }];

describe("empty replies", () => {
  const file = readFileSync(path.join(fixturesDir, "hh.jsonl"), "utf8");

  it("are served, answered and exported back: preference-hh byte for byte, the other formats as empty strings", async () => {
    const project = await makeProject("comparison", 1);
    await db.project.update({ where: { id: project.id }, data: { likertEnabled: true } });
    expect(await importHh(file, project.slug)).toMatchObject({ imported: 6, errorCount: 0 });

    // The task view carries the empty text as "" (the labeling page shows "(empty reply)").
    const labeler = await makeMember(project.slug);
    const seen: string[] = [];
    const answered = await answerChosen(labeler, project.slug, project.id, ({ chosen, rejected, texts }) => {
      seen.push(texts.get(chosen)!, texts.get(rejected)!);
      // Ratings and flags on an empty reply are answers like any other.
      return { ratings: { [chosen]: 7, [rejected]: 2 }, flags: texts.get(rejected) ? { [rejected]: ["harmful"] } : {} };
    });
    expect(answered).toBe(6);
    expect(seen.filter((t) => t === "")).toHaveLength(3);

    const hh = await exportText(project.slug, "preference-hh");
    expect(hh.text).toBe(file);
    expect(hh.manifest).toMatchObject({ rows: 6, items: 6 });

    const preference = await exportText(project.slug, "preference");
    expect(preference.rows).toHaveLength(6);
    expect(preference.rows.filter((r) => JSON.stringify(r.chosen) === JSON.stringify(reply("")))).toHaveLength(2);
    expect(preference.rows.filter((r) => JSON.stringify(r.rejected) === JSON.stringify(reply("")))).toHaveLength(1);

    // FeedME: where silence won, the demonstration is the empty reply.
    const best = await exportText(project.slug, "best-of-n");
    expect(best.rows).toHaveLength(6);
    const last = (r: Record<string, unknown>) => (r.messages as { role: string; content: string }[]).at(-1)!;
    expect(best.rows.filter((r) => last(r).content === "").map(last)).toEqual([reply("")[0], reply("")[0]]);

    const kto = await exportText(project.slug, "kto");
    expect(kto.rows).toHaveLength(12);
    const empties = kto.rows.filter((r) => JSON.stringify(r.completion) === JSON.stringify(reply("")));
    expect(empties.map((r) => r.label)).toEqual([true, true, false]);

    const safety = await exportText(project.slug, "safety");
    expect(safety.rows.filter((r) => r.completion === "")).toHaveLength(3);

    const raw = await exportText(project.slug, "raw");
    expect(raw.rows).toHaveLength(6);
    const texts = raw.rows.flatMap((r) => (r.completions as { text: unknown }[]).map((c) => c.text));
    expect(texts.filter((t) => t === "")).toHaveLength(3);
    expect(texts.every((t) => typeof t === "string")).toBe(true);
  });

  it("can be rewritten: sft gets the rewrite, preference the rewrite over the empty reply", async () => {
    const silent = file.split("\n")[2]!;
    const project = await makeProject("comparison", 1);
    expect(await importHh(`${silent}\n`, project.slug)).toMatchObject({ imported: 1 });
    const labeler = await makeMember(project.slug);
    await answerChosen(labeler, project.slug, project.id, ({ chosen }) => ({
      rewrite: {
        completionId: chosen,
        text: "I won't help frighten your neighbour. If there is a dispute, a mediator can help.",
      },
    }));
    const sft = await exportText(project.slug, "sft");
    expect(sft.rows).toHaveLength(1);
    expect(sft.rows[0]!.messages).toMatchObject([
      { role: "user" },
      { role: "assistant", content: expect.stringMatching(/^I won't/) },
    ]);
    const preference = await exportText(project.slug, "preference");
    expect(preference.rows[0]).toMatchObject({ rejected: reply(""), margin: 1 });
    expect(preference.rows).toHaveLength(2);
  });
});

// The public HH-RLHF files, when they are beside the project (../shared/data/hh-rlhf, as
// released: <subset>/train.jsonl or .jsonl.gz): lines with an empty final turn round trip.
const hhData = sharedData("hh-rlhf");

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return filesUnder(full);
    return /\.jsonl(\.gz)?$/.test(name) ? [full] : [];
  });
}

async function linesWithEmptyFinalTurn(limit: number): Promise<string[]> {
  const found: string[] = [];
  for (const file of filesUnder(hhData.dir).sort()) {
    const stream = createReadStream(file);
    const input = file.endsWith(".gz") ? stream.pipe(createGunzip()) : stream;
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      if (/\\n\\nAssistant:"(,|\})/.test(line)) found.push(line);
      if (found.length >= limit) {
        stream.destroy();
        return found;
      }
    }
  }
  return found;
}

describe.skipIf(!hhData.present)(`empty replies in the public HH-RLHF files in ${hhData.dir}`, () => {
  it("imports lines with an empty final turn and exports them back byte for byte", async () => {
    const lines = [...new Set(await linesWithEmptyFinalTurn(100))];
    expect(lines.length).toBeGreaterThan(0);
    const project = await makeProject("comparison", 1);
    const file = lines.map((l) => `${l}\n`).join("");
    expect(await importHh(file, project.slug)).toMatchObject({ imported: lines.length, errorCount: 0 });
    await answerChosen(await makeMember(project.slug), project.slug, project.id);
    expect((await exportText(project.slug, "preference-hh")).text).toBe(file);
  });
});

if (!hhData.present) {
  describe("empty replies in the public HH-RLHF files", () => {
    it.skip(hhData.skipNote, () => {});
  });
}
