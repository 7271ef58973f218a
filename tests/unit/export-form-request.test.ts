import { describe, expect, it } from "vitest";
import { exportRequest, readRemembered } from "@/components/admin/export-request";
import {
  STARTING,
  downloadedFile,
  progressFromAnswer,
  progressPercent,
  type ExportRecord,
} from "@/components/admin/export-progress";

// The export form's fields as FormData gives them (empty number fields are empty strings).
const blank: [string, string][] = [
  ["format", "preference"],
  ["minAgreement", ""],
  ["minAnnotations", ""],
  ["minLabelerAgreement", ""],
  ["from", ""],
  ["to", ""],
  ["trainShare", "90"],
  ["part", "train"],
];
const withFields = (changes: Record<string, string>): [string, string][] => [
  ...blank.map(([name, value]): [string, string] => [name, changes[name] ?? value]),
  ...Object.entries(changes).filter(([name]) => !blank.some(([n]) => n === name)),
];
const queryOf = (request: ReturnType<typeof exportRequest>) =>
  request.ok ? Object.fromEntries(request.query) : request.message;

describe("export form: from fields to the API's query", () => {
  it("sends only the format when no filter is set, and remembers every field", () => {
    const request = exportRequest(blank, "preference", false);
    expect(queryOf(request)).toEqual({ format: "preference" });
    expect(request.ok && request.part).toBeNull();
    expect(request.ok && request.remembered).toMatchObject({
      format: "preference",
      trainShare: "90",
      useSplit: "false",
    });
  });

  it("turns percentages into shares and passes counts, dates and the flag filter as they are", () => {
    const request = exportRequest(
      withFields({
        minAgreement: "75",
        minLabelerAgreement: " 90 ",
        minAnnotations: "3",
        from: "2026-11-01",
        to: "2026-12-01",
        excludeFlagged: "on",
      }),
      "preference",
      false,
    );
    expect(queryOf(request)).toEqual({
      format: "preference",
      minAgreement: "0.75",
      minLabelerAgreement: "0.9",
      minAnnotations: "3",
      from: "2026-11-01",
      to: "2026-12-01",
      excludeFlagged: "true",
    });
  });

  it("sends the Likert minimum only with best-of-n", () => {
    expect(queryOf(exportRequest(withFields({ minLikert: "5.5" }), "preference", false))).toEqual({
      format: "preference",
    });
    expect(queryOf(exportRequest(withFields({ minLikert: "5.5" }), "best-of-n", false))).toEqual({
      format: "best-of-n",
      minLikert: "5.5",
    });
  });

  it("asks for a split by shares and the part to download", () => {
    const request = exportRequest(withFields({ trainShare: "75", part: "test" }), "preference", true);
    expect(queryOf(request)).toEqual({ format: "preference", split: "train=0.75,test=0.25", part: "test" });
    expect(request.ok && request.part).toBe("test");
    expect(request.ok && request.bundle).toBe(false);
  });

  it("asks for every part in one bundle by default: the split, no part", () => {
    const request = exportRequest(withFields({ trainShare: "80", part: "all" }), "kto", true);
    expect(queryOf(request)).toEqual({ format: "kto", split: "train=0.8,test=0.2" });
    expect(request.ok && request.bundle).toBe(true);
    expect(request.ok && request.part).toBe("all");
    expect(request.ok && request.remembered.useSplit).toBe("true");
  });

  it("refuses a training share outside 1-99% before asking the server", () => {
    for (const share of ["0", "100", "", "abc"])
      expect(queryOf(exportRequest(withFields({ trainShare: share }), "preference", true)), share).toBe(
        "The training share must be between 1 and 99%.",
      );
  });

  it("refuses what the server's schema refuses, in its words", () => {
    const reversed = exportRequest(withFields({ from: "2026-12-02", to: "2026-12-01" }), "preference", false);
    expect(queryOf(reversed)).toBe("to: to must be after from");
    expect(queryOf(exportRequest(withFields({ minAnnotations: "0" }), "preference", false))).toMatch(
      /^minAnnotations: /,
    );
  });

  it("reads remembered values back, and nothing from a broken entry", () => {
    expect(readRemembered('{"format":"kto","useSplit":"true","trainShare":80}')).toEqual({
      format: "kto",
      useSplit: "true",
      trainShare: "80",
    });
    for (const broken of [null, "", "{not json", "[1,2]", "null", '"text"']) expect(readRemembered(broken)).toBeNull();
  });
});

const record = (changes: Partial<ExportRecord>): ExportRecord => ({
  status: "running",
  itemsDone: 0,
  itemsTotal: null,
  rowCount: null,
  sha256: null,
  fileName: null,
  error: null,
  manifest: null,
  ...changes,
});

describe("export form: what the export's record says", () => {
  it("waits for a record that is not there yet, for 30 s at most", () => {
    expect(progressFromAnswer(404, null, 29_999)).toBe("again");
    expect(progressFromAnswer(404, null, 30_000)).toEqual({
      kind: "failed",
      message: "The export did not start. Check the options and try again.",
    });
    expect(progressFromAnswer(null, null, 400)).toMatchObject({ kind: "failed" });
  });

  it("follows rows and items while running, with a share once the total is known", () => {
    const running = progressFromAnswer(200, { export: record({ rowCount: 1234, itemsDone: 5, itemsTotal: 12 }) }, 800);
    expect(running).toEqual({ kind: "running", rows: 1234, itemsDone: 5, itemsTotal: 12 });
    expect(progressPercent(running as Exclude<typeof running, "again">)).toBe(42);
    expect(progressPercent(STARTING)).toBeNull();
    expect(progressPercent({ kind: "running", rows: 0, itemsDone: 20, itemsTotal: 12 })).toBe(100);
  });

  it("ends failed with the server's error, or done with the record", () => {
    expect(progressFromAnswer(200, { export: record({ status: "failed", error: "disk full" }) }, 0)).toEqual({
      kind: "failed",
      message: "The export failed: disk full.",
    });
    expect(progressFromAnswer(200, { export: record({ status: "failed" }) }, 0)).toEqual({
      kind: "failed",
      message: "The export failed: unknown error.",
    });
    const done = record({ status: "done", rowCount: 40 });
    expect(progressFromAnswer(200, { export: done }, 0)).toEqual({ kind: "done", record: done });
  });

  it("describes the file downloaded: the split part's rows and checksum, not the whole export's", () => {
    const done = record({
      status: "done",
      rowCount: 40,
      sha256: "whole",
      fileName: "p-preference-train.jsonl",
      manifest: { split: { train: { rows: 30, sha256: "train-part" }, test: { rows: 10, sha256: "test-part" } } },
    });
    expect(downloadedFile(done, "train", "p")).toEqual({
      rows: 30,
      fileName: "p-preference-train.jsonl",
      sha256: "train-part",
    });
    expect(downloadedFile(done, null, "p")).toEqual({
      rows: 40,
      fileName: "p-preference-train.jsonl",
      sha256: "whole",
    });
    expect(downloadedFile(record({ status: "done" }), null, "p")).toEqual({
      rows: 0,
      fileName: "p.jsonl",
      sha256: null,
    });
  });
});
