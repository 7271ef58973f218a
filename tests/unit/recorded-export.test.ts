import { describe, expect, it } from "vitest";
import { describeFilters, exportPart, redownloadHref } from "@/lib/domain/export/recorded-export";
import { exportOptionsSchema } from "@/lib/validation/exports";

describe("a recorded export as the exports table shows it", () => {
  const filters = {
    minAgreement: 0.6,
    minAnnotations: 2,
    excludeFlagged: true,
    from: "2026-11-01",
    split: { train: 0.9, test: 0.1 },
  };

  it("says its filters in words", () => {
    expect(describeFilters({ filters })).toEqual([
      "item agreement ≥ 60%",
      "≥ 2 answers per item",
      "flagged items left out",
      "answers from 2026-11-01",
      "split train 90% / test 10%",
    ]);
    expect(describeFilters({ filters: {} })).toEqual([]);
    // The database keeps no key order: the order recorded beside the filters is the split's.
    const stored = { ...filters, split: { test: 0.1, train: 0.9 } };
    expect(describeFilters({ filters: stored, splitParts: ["train", "test"] }).at(-1)).toBe(
      "split train 90% / test 10%",
    );
  });

  it("names the part: one part's download, the whole split, or none", () => {
    expect(exportPart({ filters, fileName: "p-preference-test.jsonl" })).toBe("test");
    expect(exportPart({ filters, fileName: "p-preference-split.zip" })).toBe("all");
    expect(exportPart({ filters, fileName: "out/data.jsonl" })).toBe("all"); // the CLI writes every part
    expect(exportPart({ filters: { minAgreement: 0.5 }, fileName: "p-raw.jsonl" })).toBeNull();
  });

  it("downloads the same export again with options the API accepts", () => {
    const part = new URL(
      redownloadHref("my-proj", { format: "preference", filters, fileName: "x-test.jsonl" }),
      "http://h",
    );
    expect(part.pathname).toBe("/api/projects/my-proj/export");
    const options = exportOptionsSchema.parse(Object.fromEntries(part.searchParams));
    expect(options).toMatchObject({
      format: "preference",
      minAgreement: 0.6,
      minAnnotations: 2,
      excludeFlagged: true,
      from: "2026-11-01",
      part: "test",
      split: [
        { name: "train", share: 0.9 },
        { name: "test", share: 0.1 },
      ],
    });
    const whole = new URL(redownloadHref("my-proj", { format: "kto", filters, fileName: "x-split.zip" }), "http://h");
    expect(whole.pathname).toBe("/api/projects/my-proj/export/bundle");
    expect(whole.searchParams.has("part")).toBe(false);
    expect(redownloadHref("p", { format: "raw", filters: {}, fileName: "p-raw.jsonl" })).toBe(
      "/api/projects/p/export?format=raw",
    );
  });
});
