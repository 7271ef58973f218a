import { describe, expect, it } from "vitest";
import { rankingToPairs } from "@/lib/domain/export/pairs";
import { exportLines, type ExportAnnotation, type ExportItem } from "@/lib/domain/export/rows";

describe("rankingToPairs", () => {
  it("gives K(K-1)/2 pairs for a strict ranking, margins by rank distance", () => {
    expect(rankingToPairs([["a"], ["b"], ["c"]])).toEqual([
      { chosen: "a", rejected: "b", margin: 1 },
      { chosen: "a", rejected: "c", margin: 2 },
      { chosen: "b", rejected: "c", margin: 1 },
    ]);
  });

  it("gives no pair inside a tie group, and uses a comparison's strength as the margin", () => {
    expect(rankingToPairs([["a", "b"], ["c"]])).toEqual([
      { chosen: "a", rejected: "c", margin: 1 },
      { chosen: "b", rejected: "c", margin: 1 },
    ]);
    expect(rankingToPairs([["a", "b"]])).toEqual([]);
    expect(rankingToPairs([["b"], ["a"]], 3)).toEqual([{ chosen: "b", rejected: "a", margin: 3 }]);
  });
});

const annotation = (overrides: Partial<ExportAnnotation>): ExportAnnotation => ({
  id: "an1",
  labeler: "l_1",
  createdAt: new Date("2026-01-01T00:00:00Z"),
  text: null,
  ranking: null,
  strength: null,
  tie: null,
  ratings: null,
  flags: null,
  comment: null,
  timeSpentMs: 1000,
  displayOrder: ["c1", "c2"],
  guidelineVersion: 1,
  rewrite: null,
  ...overrides,
});

const item = (annotations: ExportAnnotation[]): ExportItem => ({
  externalId: "x1",
  agreement: null,
  messages: [{ role: "user", content: "Hi" }],
  completions: new Map([
    ["c1", { text: "Hello!", model: "m1" }],
    ["c2", { text: "Go away.", model: "m2" }],
  ]),
  annotations,
});

describe("exportLines", () => {
  it("writes TRL's preference rows with a margin, and a rewrite as preferred over its original", () => {
    const lines = exportLines(
      "preference",
      item([
        annotation({ ranking: [["c1"], ["c2"]], strength: 2, rewrite: { editedFrom: "c1", text: "Hello there!" } }),
      ]),
    );
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      {
        prompt: [{ role: "user", content: "Hi" }],
        chosen: [{ role: "assistant", content: "Hello there!" }],
        rejected: [{ role: "assistant", content: "Hello!" }],
        margin: 1,
        item_id: "x1",
        source: "human",
      },
      {
        prompt: [{ role: "user", content: "Hi" }],
        chosen: [{ role: "assistant", content: "Hello!" }],
        rejected: [{ role: "assistant", content: "Go away." }],
        margin: 2,
        item_id: "x1",
        source: "human",
      },
    ]);
  });

  it("writes preference lines byte for byte as JSON.stringify of the row would", () => {
    const tricky: ExportItem = {
      ...item([]),
      messages: [
        { role: "system", content: 'Quote " backslash \\ newline \n tab \t \u2028 ünïcødé 😊' },
        { role: "user", content: "<script>alert(1)</script>" },
      ],
    };
    tricky.annotations = [
      annotation({ ranking: [["c2"], ["c1"]] }),
      annotation({ id: "an2", ranking: [["c1"], ["c2"]], strength: 3 }),
    ];
    const lines = exportLines("preference", tricky);
    expect(lines).toEqual([
      JSON.stringify({
        prompt: tricky.messages,
        chosen: [{ role: "assistant", content: "Go away." }],
        rejected: [{ role: "assistant", content: "Hello!" }],
        margin: 1,
        item_id: "x1",
        source: "human",
      }),
      JSON.stringify({
        prompt: tricky.messages,
        chosen: [{ role: "assistant", content: "Hello!" }],
        rejected: [{ role: "assistant", content: "Go away." }],
        margin: 3,
        item_id: "x1",
        source: "human",
      }),
    ]);
  });

  it("writes demonstrations and rewrites as SFT rows in both layouts", () => {
    const demo = item([annotation({ text: "Hi! How can I help?" })]);
    expect(JSON.parse(exportLines("sft", demo)[0]!)).toEqual({
      messages: [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "Hi! How can I help?" },
      ],
      source: "human",
    });
    expect(JSON.parse(exportLines("sft-prompt-completion", demo)[0]!)).toEqual({
      prompt: [{ role: "user", content: "Hi" }],
      completion: [{ role: "assistant", content: "Hi! How can I help?" }],
      source: "human",
    });
    expect(exportLines("sft", item([annotation({ ranking: [["c1"], ["c2"]] })]))).toEqual([]);
  });

  it("writes HH lines in the release's own layout and nothing for a tie", () => {
    expect(exportLines("preference-hh", item([annotation({ ranking: [["c1"], ["c2"]] })]))).toEqual([
      '{"chosen": "\\n\\nHuman: Hi\\n\\nAssistant: Hello!", "rejected": "\\n\\nHuman: Hi\\n\\nAssistant: Go away."}',
    ]);
    expect(exportLines("preference-hh", item([annotation({ ranking: [["c1", "c2"]], tie: "bad" })]))).toEqual([]);
  });

  it("keeps every field of every annotation in raw, with the pseudonymous labeler", () => {
    const [line] = exportLines("raw", item([annotation({ ranking: [["c2"], ["c1"]], comment: "close" })]));
    expect(JSON.parse(line!)).toMatchObject({
      item: "x1",
      labeler: "l_1",
      ranking: [["c2"], ["c1"]],
      comment: "close",
      display_order: ["c1", "c2"],
      guideline_version: 1,
    });
  });
});

describe("exportLines: best-of-n, kto, safety", () => {
  const two = [
    annotation({ id: "x", ranking: [["c1"], ["c2"]], ratings: { c1: 6 } }),
    annotation({ id: "y", ranking: [["c1"], ["c2"]], ratings: { c1: 4 }, flags: { c2: ["harmful", "hallucination"] } }),
  ];

  it("best-of-n writes the consensus winner once per item, above the Likert bar", () => {
    expect(exportLines("best-of-n", item(two)).map((l) => JSON.parse(l))).toEqual([
      {
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello!" },
        ],
        source: "human",
      },
    ]);
    // The winner's mean Likert is (6 + 4) / 2 = 5.
    expect(exportLines("best-of-n", item(two), { minLikert: 5.5 })).toEqual([]);
    expect(exportLines("best-of-n", item(two), { minLikert: 5 })).toHaveLength(1);
    expect(exportLines("best-of-n", item(two), { minLikert: 4.5 })).toHaveLength(1);
    expect(
      exportLines(
        "best-of-n",
        item([annotation({ ranking: [["c1"], ["c2"]] }), annotation({ ranking: [["c2"], ["c1"]] })]),
      ),
    ).toEqual([]);
  });

  it("kto labels the best group desirable and the worst undesirable; a tie by its verdict", () => {
    const rows = exportLines("kto", item([two[0]!])).map(
      (l) => JSON.parse(l) as { completion: { content: string }[]; label: boolean; item_id: string },
    );
    expect(rows.map((r) => [r.completion[0]!.content, r.label, r.item_id])).toEqual([
      ["Hello!", true, "x1"],
      ["Go away.", false, "x1"],
    ]);
    const bad = exportLines("kto", item([annotation({ ranking: [["c1", "c2"]], tie: "bad" })])).map(
      (l) => (JSON.parse(l) as { label: boolean }).label,
    );
    expect(bad).toEqual([false, false]);
  });

  it("safety writes every judged completion with its flags, none included", () => {
    const rows = exportLines("safety", item([two[1]!])).map((l) => JSON.parse(l));
    expect(rows).toEqual([
      { prompt: [{ role: "user", content: "Hi" }], completion: "Hello!", flags: [], item_id: "x1", source: "human" },
      {
        prompt: [{ role: "user", content: "Hi" }],
        completion: "Go away.",
        flags: ["hallucination", "harmful"],
        item_id: "x1",
        source: "human",
      },
    ]);
  });
});
