import { describe, expect, it } from "vitest";
import { parseSplit, promptPoint, splitPartOf } from "@/lib/domain/export/split";
import { exportFiltersOf, exportOptionsSchema } from "@/lib/validation/exports";

describe("parseSplit", () => {
  it("reads name=share parts in order", () => {
    expect(parseSplit("train=0.9,test=0.1")).toEqual([
      { name: "train", share: 0.9 },
      { name: "test", share: 0.1 },
    ]);
    expect(parseSplit(" a=.5 , b=0.25,c=0.25").map((p) => p.name)).toEqual(["a", "b", "c"]);
  });

  it.each([
    ["train=0.9", /at least two/],
    ["train=0.9,test=0.2", /add up to 1/],
    ["train=1,test=0", /above 0/],
    ["train=0.5,train=0.5", /differ/],
    ["../x=0.5,y=0.5", /name=share/],
    ["train:0.9,test:0.1", /name=share/],
    ["train=0.9,test=", /name=share/],
    ["train=5.,test=0.1", /name=share/],
    ["train=0.9,test=.1.", /name=share/],
    ["train=1e-1,test=0.9", /name=share/],
    [`${"n".repeat(33)}=0.5,b=0.5`, /name=share/],
  ])("refuses %s", (spec, message) => {
    expect(() => parseSplit(spec)).toThrow(message);
  });

  // Each would take minutes to hours if parsing were quadratic: completing is the assertion.
  it.each([
    ["a long run of digits", `a=${"0".repeat(1_000_000)}x`, /split part "a=0{20}…" is not name=share/],
    ["a long name", `${"a".repeat(1_000_000)}=0.5,b=0.5`, /is not name=share/],
    ["long spaces", `a=0.5${" ".repeat(1_000_000)}x,b=0.5`, /is not name=share/],
    ["many parts", "a=0.5,".repeat(200_000), /is not name=share|differ/],
    ["a long fraction", `a=0.${"5".repeat(1_000_000)}.,b=0.5`, /is not name=share/],
  ])("refuses %s in one pass", (_what, spec, message) => {
    expect(() => parseSplit(spec)).toThrow(message);
  });
});

describe("splitPartOf", () => {
  const parts = parseSplit("train=0.8,test=0.2");
  const prompt = (n: number) => [{ role: "user" as const, content: `question ${n}` }];

  it("puts the same prompt in the same part every time, whatever else the item holds", () => {
    expect(splitPartOf(parts, prompt(7))).toBe(splitPartOf(parts, prompt(7)));
    expect(promptPoint(prompt(7))).toBe(promptPoint([{ role: "user", content: "question 7" }]));
    // The role is part of the prompt.
    expect(promptPoint(prompt(7))).not.toBe(promptPoint([{ role: "system", content: "question 7" }]));
  });

  it("gives each part about its share of 10,000 prompts", () => {
    let test = 0;
    for (let n = 0; n < 10_000; n += 1) if (splitPartOf(parts, prompt(n)) === "test") test += 1;
    // Binomial(10,000, 0.2): sd = 40, so 6 sd either side.
    expect(test).toBeGreaterThan(2000 - 240);
    expect(test).toBeLessThan(2000 + 240);
  });
});

describe("exportOptionsSchema", () => {
  it("refuses a split longer than 1,000 characters with a clear message", () => {
    // With a part too, as the API asks: the check on the part must not see the unparsed text.
    for (const part of [undefined, "a"]) {
      const parsed = exportOptionsSchema.safeParse({ format: "sft", split: `a=${"0".repeat(1_000_000)}x`, part });
      expect(parsed.success).toBe(false);
      expect(parsed.error!.issues).toEqual([
        expect.objectContaining({ path: ["split"], message: "split is longer than 1,000 characters" }),
      ]);
    }
  });

  it("reads query-string values and keeps only the filters given", () => {
    const parsed = exportOptionsSchema.parse({
      format: "preference",
      minAnnotations: "2",
      excludeFlagged: "true",
      from: "2026-11-01",
      split: "train=0.9,test=0.1",
      part: "test",
    });
    expect(exportFiltersOf(parsed)).toEqual({
      minAnnotations: 2,
      excludeFlagged: true,
      from: "2026-11-01",
      split: [
        { name: "train", share: 0.9 },
        { name: "test", share: 0.1 },
      ],
    });
  });

  it.each([
    [{ format: "csv" }, "format"],
    [{ format: "raw", minAgreement: "2" }, "minAgreement"],
    [{ format: "raw", from: "yesterday" }, "from"],
    [{ format: "raw", from: "2026-11-02", to: "2026-11-01" }, "to"],
    [{ format: "raw", part: "test" }, "part"],
    [{ format: "raw", split: "train=0.9,test=0.1", part: "dev" }, "part"],
    [{ format: "raw", role: "admin" }, ""],
  ])("refuses %j", (input, path) => {
    const result = exportOptionsSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toContain(path);
  });
});
