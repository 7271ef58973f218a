// Judge–human agreement on a worked example computed by hand (the arithmetic is in the
// comments), Cohen's kappa on the textbook example, the bootstrap's determinism, the slices,
// the length bias and the swap-consistency shares.
import { describe, expect, it } from "vitest";
import { cohenKappa } from "@/lib/domain/agreement/cohen";
import { judgeAgreement, kappaFromCounts } from "@/lib/domain/judges/judge-agreement";
import { judgedPairs, majorityVerdict, promptLengthBucket, type JudgedItem } from "@/lib/domain/judges/judge-pairs";
import { swapConsistency } from "@/lib/domain/judges/swap-consistency";

const c = (id: string, model: string, length: number) => ({ id, model, length });

// Five items. Verdicts on a pair (in the item's completion order): first, second or tie.
const ITEMS: JudgedItem[] = [
  {
    // Item 1: judge c2 > c1 (second). Humans: second, first, second.
    //   comparisons 3, agreeing 2. Majority second (2 of 3). Kappa pair (second, second).
    //   Length: c2 is longer (300 > 100): judge longer 1/1; humans longer 2/3.
    itemId: "i1",
    number: 1,
    promptLength: 50,
    completions: [c("c1", "m1", 100), c("c2", "m2", 300)],
    judge: [["c2"], ["c1"]],
    humans: [
      { ranking: [["c2"], ["c1"]], flags: [] },
      { ranking: [["c1"], ["c2"]], flags: [] },
      { ranking: [["c2"], ["c1"]], flags: [] },
    ],
  },
  {
    // Item 2: judge tie. Humans: second, second (one flags "toxic").
    //   comparisons 2, agreeing 0. Majority second: kappa pair (tie, second); a disagreement.
    //   Length: c3 is longer (200 > 50): judge undecided; humans longer 0/2.
    itemId: "i2",
    number: 2,
    promptLength: 500,
    completions: [c("c3", "m1", 200), c("c4", "m2", 50)],
    judge: [["c3", "c4"]],
    humans: [
      { ranking: [["c4"], ["c3"]], flags: ["toxic"] },
      { ranking: [["c4"], ["c3"]], flags: [] },
    ],
  },
  {
    // Item 3: judge c5 > c6 > c7. Humans H1: c5 > c6 = c7, H2: c6 > c5 > c7.
    //   (c5,c6) m1 vs m2: judge first; H1 first, H2 second -> 2 comparisons, 1 agreeing, no majority.
    //   (c5,c7) m1 vs m1: judge first; H1 first, H2 first -> 2, 2; majority first: kappa pair (first, first).
    //   (c6,c7) m1 vs m2: judge first; H1 tie, H2 first -> 2, 1; no majority (1 of 2).
    //   Item: 6 comparisons, 4 agreeing.
    //   Length: (c5 80, c6 120) longer second: judge no; humans H1 no, H2 yes.
    //           (c5 80, c7 40) longer first: judge yes; H1 yes, H2 yes.
    //           (c6 120, c7 40) longer first: judge yes; H1 tie (skipped), H2 yes.
    //   Judge longer 2/3; humans longer 4/5.
    itemId: "i3",
    number: 3,
    promptLength: 1500,
    completions: [c("c5", "m1", 80), c("c6", "m2", 120), c("c7", "m1", 40)],
    judge: [["c5"], ["c6"], ["c7"]],
    humans: [
      { ranking: [["c5"], ["c6", "c7"]], flags: [] },
      { ranking: [["c6"], ["c5"], ["c7"]], flags: [] },
    ],
  },
  {
    // Item 4: the judge's answer was not parsed: counted, left out, never guessed.
    itemId: "i4",
    number: 4,
    promptLength: 10,
    completions: [c("c8", "m1", 10), c("c9", "m2", 20)],
    judge: null,
    humans: [{ ranking: [["c8"], ["c9"]], flags: [] }],
  },
  {
    // Item 5: judged, no human answer yet.
    itemId: "i5",
    number: 5,
    promptLength: 10,
    completions: [c("c10", "m1", 10), c("c11", "m2", 20)],
    judge: [["c11"], ["c10"]],
    humans: [],
  },
];

describe("judgeAgreement (worked example)", () => {
  // "harmful" is a project flag nobody set: it makes no slice.
  const report = judgeAgreement(ITEMS, { flags: ["harmful", "toxic"] });

  it("pools the judge-vs-human comparisons: (2 + 0 + 4) / (3 + 2 + 6) = 6/11", () => {
    expect(report.comparisons).toBe(11);
    expect(report.agreeing).toBe(6);
    expect(report.agreement).toBeCloseTo(6 / 11, 12);
    expect(report.items).toBe(3);
    expect(report.coverage).toEqual({ judged: 5, unparsed: 1, withoutHumans: 1 });
  });

  it("computes kappa against the human majority on the three pairs that have one: 0.5", () => {
    // judge [second, tie, first] vs majority [second, second, first]: po = 2/3;
    // marginals judge 1/3 each, majority first 1/3, second 2/3, tie 0:
    // pe = 1/3·1/3 + 1/3·2/3 + 1/3·0 = 1/3; kappa = (2/3 − 1/3) / (1 − 1/3) = 0.5.
    expect(report.kappaPairs).toBe(3);
    expect(report.kappa).toBeCloseTo(0.5, 12);
  });

  it("compares the judge's length bias with the humans' on the same pairs", () => {
    // Judge: 1 + 0 + 2 = 3 longer of 1 + 0 + 3 = 4 decided; humans: 2 + 0 + 4 = 6 of 3 + 2 + 5 = 10.
    expect(report.lengthBias).toEqual({
      pairs: 5,
      judgeDecided: 4,
      judgeLonger: 3,
      judgeLongerShare: 0.75,
      humanDecided: 10,
      humanLonger: 6,
      humanLongerShare: 0.6,
      difference: expect.closeTo(0.15, 12) as number,
    });
  });

  it("slices by model pair, flag and prompt length", () => {
    const figures = (s: { key: string; agreement: number | null; comparisons: number; items: number }) => [
      s.key,
      s.agreement,
      s.comparisons,
      s.items,
    ];
    // m1 vs m1: item 3's (c5,c7), 2/2. m1 vs m2: 2/3 + 0/2 + (1 + 1)/(2 + 2) = 4/9.
    expect(report.slices.models.map(figures)).toEqual([
      ["m1 vs m1", 1, 2, 1],
      ["m1 vs m2", 4 / 9, 9, 3],
    ]);
    // m1 vs m2 kappa: judge [second, tie] vs majority [second, second]: po = 1/2, pe = 1/2 -> 0.
    expect(report.slices.models[1]!.kappa).toBeCloseTo(0, 12);
    // m1 vs m1: one pair, both "first": no chance-corrected figure (expected disagreement 0).
    expect(report.slices.models[0]!.kappa).toBeNull();
    // Flagged "toxic": item 2 only (0/2); not flagged: items 1 and 3, (2 + 4)/(3 + 6) = 2/3.
    expect(report.slices.flags.map((s) => [s.flag, s.flagged, s.agreement, s.comparisons])).toEqual([
      ["toxic", true, 0, 2],
      ["toxic", false, 2 / 3, 9],
    ]);
    // Prompt length: item 1 (50) < 200, item 2 (500) 200–1000, item 3 (1500) > 1000.
    expect(report.slices.promptLength.map(figures)).toEqual([
      ["<200", 2 / 3, 3, 1],
      ["200–1000", 0, 2, 1],
      [">1000", 4 / 6, 6, 1],
    ]);
  });

  it("lists the items where the judge contradicts the human majority, with both verdicts", () => {
    expect(report.disagreements).toEqual([
      {
        itemId: "i2",
        number: 2,
        contradicted: 1,
        majorityPairs: 1,
        judge: [["c3", "c4"]],
        humans: [
          [["c4"], ["c3"]],
          [["c4"], ["c3"]],
        ],
        pairs: [{ first: "c3", second: "c4", judge: "tie", majority: "second" }],
        completions: ITEMS[1]!.completions,
      },
    ]);
  });

  it("gives the same interval for the same data and seed, and one around the estimate", () => {
    const again = judgeAgreement(ITEMS, { flags: ["toxic"] });
    expect(again.ci95).toEqual(report.ci95);
    const [lo, hi] = report.ci95!;
    expect(lo).toBeLessThanOrEqual(report.agreement!);
    expect(hi).toBeGreaterThanOrEqual(report.agreement!);
    // Three items of 3/2, 2/0 and 6/4: every resample lies between 0 (item 2 thrice) and 2/3.
    expect(lo).toBeGreaterThanOrEqual(0);
    expect(hi).toBeLessThanOrEqual(2 / 3 + 1e-12);
    expect(judgeAgreement(ITEMS, { seed: 2 }).agreement).toBe(report.agreement);
  });

  it("has no figures without human answers to compare", () => {
    const alone = judgeAgreement([ITEMS[4]!]);
    expect(alone).toMatchObject({ agreement: null, ci95: null, comparisons: 0, kappa: null, disagreements: [] });
    expect(alone.slices).toEqual({ models: [], flags: [], promptLength: [] });
  });
});

describe("pairs and majorities", () => {
  it("needs more than half for a majority", () => {
    expect(majorityVerdict(["first", "second"])).toBeNull();
    expect(majorityVerdict(["tie", "tie", "first"])).toBe("tie");
    expect(majorityVerdict([])).toBeNull();
  });

  it("skips pairs the judge did not place, and humans' rewrites", () => {
    const pairs = judgedPairs({
      ...ITEMS[2]!,
      judge: [["c5"], ["c6"]],
      humans: [{ ranking: [["rewrite"], ["c6"], ["c5"], ["c7"]], flags: [] }],
    });
    expect(pairs.map((p) => [p.first, p.second, p.judge, p.humans])).toEqual([["c5", "c6", "first", ["second"]]]);
  });

  it("buckets prompts by characters: < 200, 200–1000, > 1000", () => {
    expect([0, 199, 200, 1000, 1001].map(promptLengthBucket)).toEqual([
      "<200",
      "<200",
      "200–1000",
      "200–1000",
      ">1000",
    ]);
  });
});

describe("Cohen's kappa as the report uses it", () => {
  it("gives 0.4 on the textbook yes/no example (20, 5, 10, 15)", () => {
    // The published example cohen.ts is checked against (tests/unit/agreement-metrics.test.ts),
    // with the report's categories: "first" for yes, "second" for no, and "tie" never given.
    const judge = [...Array(25).fill("first"), ...Array(25).fill("second")] as string[];
    const majority = [
      ...Array(20).fill("first"),
      ...Array(5).fill("second"),
      ...Array(10).fill("first"),
      ...Array(15).fill("second"),
    ] as string[];
    expect(cohenKappa(judge, majority, { categories: ["first", "second", "tie"] })).toBeCloseTo(0.4, 10);
    // The report's counts-based kappa on the same table: rows the judge, columns the majority.
    expect(
      kappaFromCounts([
        [20, 5, 0],
        [10, 15, 0],
        [0, 0, 0],
      ]),
    ).toBeCloseTo(0.4, 10);
  });

  it("gives what cohen.ts gives on every 3×3 table of a pseudo-random set", () => {
    const cats = ["first", "second", "tie"];
    for (let seed = 1; seed < 40; seed += 1) {
      const a: string[] = [];
      const b: string[] = [];
      const confusion = cats.map(() => cats.map(() => 0));
      for (let n = 0; n < 30; n += 1) {
        const i = (seed * 7 + n * n * 3) % 3;
        const j = (seed + n * 5 + (n % 4 === 0 ? i : 0)) % 3;
        a.push(cats[i]!);
        b.push(cats[j]!);
        confusion[i]![j]! += 1;
      }
      const reference = cohenKappa(a, b, { categories: cats });
      if (reference === null) expect(kappaFromCounts(confusion)).toBeNull();
      else expect(kappaFromCounts(confusion)).toBeCloseTo(reference, 12);
    }
    expect(kappaFromCounts([[0]])).toBeNull();
    expect(
      kappaFromCounts([
        [3, 0],
        [0, 0],
      ]),
    ).toBeNull();
  });
});

describe("swapConsistency", () => {
  it("counts an unparsed order against the judge, and says how many there were", () => {
    expect(
      swapConsistency({
        items: 10,
        bothParsed: 8,
        consistent: 6,
        unparsedOrders: 2,
        failedOrders: 0,
        missingOrders: 0,
      }),
    ).toEqual({
      items: 10,
      bothParsed: 8,
      consistent: 6,
      unparsedOrders: 2,
      failedOrders: 0,
      missingOrders: 0,
      share: 0.6,
      shareOfParsed: 0.75,
      unparsedItems: 2,
    });
    expect(
      swapConsistency({ items: 0, bothParsed: 0, consistent: 0, unparsedOrders: 0, failedOrders: 0, missingOrders: 0 })
        .share,
    ).toBeNull();
  });
});
