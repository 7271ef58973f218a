import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ManifestAccumulator } from "@/lib/domain/export/manifest";
import { splitPartOf } from "@/lib/domain/export/split";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const prompt = (text: string) => [{ role: "user" as const, content: text }];

describe("ManifestAccumulator", () => {
  it("counts items, answers and rows, hashes the rows in order, and sums the measured agreement", () => {
    const manifest = new ManifestAccumulator("p", "preference", { minAgreement: 0.2, excludeFlagged: false });
    expect(manifest.partNames()).toEqual([""]);
    const first = manifest.addItem({ messages: prompt("one"), agreement: 0.5, guidelineVersions: [2, 1] }, 2);
    manifest.addRow(first, "a\n");
    manifest.addRow(first, "b\n");
    // An item may give no row (best-of-n without a single winner) and still counts.
    manifest.addItem({ messages: prompt("two"), agreement: null, guidelineVersions: [2] }, 1);
    const third = manifest.addItem({ messages: prompt("three"), agreement: 1, guidelineVersions: [] }, 3);
    manifest.addRow(third, "c\n");
    expect(manifest.rowCount).toBe(3);
    expect(manifest.finish(new Date("2026-12-01T00:00:00Z"))).toEqual({
      project: "p",
      format: "preference",
      filters: { minAgreement: 0.2 },
      rows: 3,
      rowsBySource: { human: 3, judge: 0, "judge+audited": 0, production: 0 },
      feedbackEvents: 0,
      sha256: sha256("a\nb\nc\n"),
      items: 3,
      annotations: 6,
      agreement: { itemsMeasured: 2, mean: 0.75, min: 0.5 },
      guidelineVersions: [1, 2],
      split: null,
      createdAt: "2026-12-01T00:00:00.000Z",
    });
  });

  it("with a split, sends each item to its prompt's part and hashes every part and the whole", () => {
    const split = [
      { name: "train", share: 0.5 },
      { name: "test", share: 0.5 },
    ];
    const manifest = new ManifestAccumulator("p", "raw", { split });
    expect(manifest.partNames()).toEqual(["train", "test"]);
    const rows: Record<string, string> = { train: "", test: "" };
    let all = "";
    const items = Array.from({ length: 40 }, (_, n) => prompt(`question ${n}`));
    for (const [n, messages] of items.entries()) {
      const part = manifest.addItem({ messages, agreement: null, guidelineVersions: [0] }, 1);
      expect(part).toBe(splitPartOf(split, messages));
      const chunk = `row ${n}\n`;
      manifest.addRow(part, chunk);
      rows[part] += chunk;
      all += chunk;
    }
    const result = manifest.finish();
    const trainItems = items.filter((m) => splitPartOf(split, m) === "train").length;
    expect(trainItems).toBeGreaterThan(0);
    expect(trainItems).toBeLessThan(40);
    expect(result.sha256).toBe(sha256(all));
    const bySource = (n: number) => ({ human: n, judge: 0, "judge+audited": 0, production: 0 });
    expect(result.split).toEqual({
      train: {
        share: 0.5,
        items: trainItems,
        rows: trainItems,
        sha256: sha256(rows.train!),
        rowsBySource: bySource(trainItems),
      },
      test: {
        share: 0.5,
        items: 40 - trainItems,
        rows: 40 - trainItems,
        sha256: sha256(rows.test!),
        rowsBySource: bySource(40 - trainItems),
      },
    });
    expect(result.filters).toEqual({ split: { train: 0.5, test: 0.5 } });
  });

  it("counts rows by source, feedback events apart from items, and kto labels with class weights per part", () => {
    const split = [
      { name: "train", share: 0.5 },
      { name: "test", share: 0.5 },
    ];
    const manifest = new ManifestAccumulator("p", "kto", { split, sources: ["human", "production"] });
    const part = manifest.addItem({ messages: prompt("one"), agreement: null, guidelineVersions: [1] }, 1);
    manifest.addRow(part, "h1\n", "human", true);
    manifest.addRow(part, "j1\n", "judge", false);
    // Ten thumbs up, two down, all on one prompt: one part.
    const eventPart = manifest.addFeedbackEvent(prompt("from production"));
    expect(eventPart).toBe(splitPartOf(split, prompt("from production")));
    for (let n = 0; n < 12; n += 1) manifest.addRow(eventPart, `p${n}\n`, "production", n < 10);
    const result = manifest.finish();
    expect(result.rowsBySource).toEqual({ human: 1, judge: 1, "judge+audited": 0, production: 12 });
    expect(result.items).toBe(1);
    expect(result.feedbackEvents).toBe(1);
    expect(result.filters).toEqual({ split: { train: 0.5, test: 0.5 }, sources: ["human", "production"] });
    // 11 desirable, 3 undesirable: the undesirable class is upweighted to 3.66, 11 / (3.66 × 3) = 1.0018.
    expect(result.kto).toEqual({
      desirable: 11,
      undesirable: 3,
      desirableWeight: 1,
      undesirableWeight: 3.66,
      ratio: 1.0018,
    });
    const parts = Object.values(result.split!);
    expect(parts.reduce((n, p) => n + p.kto!.desirable, 0)).toBe(11);
  });
});
