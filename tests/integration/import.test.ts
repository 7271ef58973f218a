// Imports against a real PostgreSQL: all or nothing, skip-invalid, idempotence, order, limits.
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { importItems } from "@/lib/server/import/import-items";
import { readLines } from "@/lib/server/import/line-reader";
import { jsonlEntries } from "@/lib/server/import/sources";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { updateQualitySettings } from "@/lib/server/quality/quality-settings";
import { createProject } from "@/lib/server/projects/create-project";
import { makeMember, makeProject, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

function importText(
  slug: string,
  content: string | Buffer,
  options: { skipInvalid?: boolean; format?: "auto" | "prompts" | "completions" | "hh"; maxLineBytes?: number } = {},
) {
  const source = jsonlEntries(Readable.from([Buffer.from(content)]), options.format ?? "auto", options.maxLineBytes);
  return importItems(null, slug, source.entries, { skipInvalid: options.skipInvalid ?? false }, source.detected);
}

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

describe("importItems", () => {
  it("writes nothing when any line is bad, and reports every bad line with its number", async () => {
    const project = await makeProject("comparison", 2);
    const file =
      line({ prompt: "ok 1", completions: ["a", "b"] }) +
      "{not json}\n" +
      line({ prompt: "too few", completions: ["a"] }) +
      line({ prompt: "ok 2", completions: ["a", "b"] }) +
      line({ prompt: "", completions: ["a", "b"] });
    const summary = await importText(project.slug, file);
    expect(summary).toMatchObject({ imported: 0, committed: false, errorCount: 3, format: "completions" });
    expect(summary.errors.map((e) => e.line)).toEqual([2, 3, 5]);
    expect(summary.errors[0]!.reason).toMatch(/^malformed JSON/);
    expect(summary.errors[1]!.reason).toBe("has 1 completion; this project takes exactly 2");
    expect(summary.errors[2]!.reason).toBe("prompt: is empty");
    expect(await db.item.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("with skipInvalid keeps the good lines, with completions and one slot per unit of overlap", async () => {
    const project = await makeProject("comparison", 3);
    const file =
      line({ prompt: "ok 1", completions: ["a", "b"] }) +
      "[1]\n" +
      line({ prompt: "ok 2", completions: [{ model: "m", text: "c" }, "d"] });
    const summary = await importText(project.slug, file, { skipInvalid: true });
    expect(summary).toMatchObject({
      imported: 2,
      duplicates: 0,
      committed: true,
      errorCount: 1,
      errors: [{ line: 2, reason: "not a JSON object" }],
    });
    const items = await db.item.findMany({
      where: { projectId: project.id },
      include: { completions: true, slots: true },
    });
    expect(items.map((i) => i.slots.length)).toEqual([3, 3]);
    expect(items.flatMap((i) => i.completions.map((c) => c.text)).sort()).toEqual(["a", "b", "c", "d"]);
    const audit = await db.auditEvent.findFirst({ where: { projectId: project.id, action: "items.import" } });
    expect(audit?.after).toMatchObject({ imported: 2, refused: 1, format: "completions" });
  });

  it("adds nothing on a re-import, by external id or, without one, by content", async () => {
    const project = await makeProject("demonstration", 1);
    const file = line({ id: "a", prompt: "one" }) + line({ prompt: "two" }) + line({ prompt: "two" });
    const first = await importText(project.slug, file);
    expect(first).toMatchObject({ imported: 2, duplicates: 1 });
    const second = await importText(project.slug, file);
    expect(second).toMatchObject({ imported: 0, duplicates: 3, committed: true });
    expect(await db.item.count({ where: { projectId: project.id } })).toBe(2);
  });

  it("takes tool calls and results, and names the line and place of a bad one", async () => {
    const project = await makeProject("comparison", 1);
    const call = (id: string, args: unknown) => ({
      id,
      type: "function",
      function: { name: "lookup", arguments: args },
    });
    const ask = { role: "user", content: "Look it up." };
    const file =
      line({
        messages: [
          ask,
          { role: "assistant", content: null, tool_calls: [call("c1", { q: "x" })] },
          { role: "tool", tool_call_id: "c1", content: "found" },
        ],
        completions: ["a", "b"],
      }) +
      line({ messages: [ask, { role: "tool", tool_call_id: "c9", content: "found" }], completions: ["a", "b"] }) +
      line({
        messages: [ask, { role: "assistant", content: "", tool_calls: [call("c1", "not json")] }],
        completions: ["a", "b"],
      });
    const summary = await importText(project.slug, file);
    expect(summary).toMatchObject({ imported: 0, committed: false, errorCount: 2 });
    expect(summary.errors).toEqual([
      { line: 2, reason: 'messages.1.tool_call_id: "c9" matches no earlier tool call' },
      { line: 3, reason: "messages.1.tool_calls.0.function.arguments: is not valid JSON" },
    ]);
    const kept = await importText(project.slug, file, { skipInvalid: true });
    expect(kept).toMatchObject({ imported: 1, committed: true });
    const item = await db.item.findFirstOrThrow({ where: { projectId: project.id } });
    expect(item.messages).toEqual([
      ask,
      { role: "assistant", content: "", tool_calls: [{ ...call("c1", '{"q":"x"}') }] },
      { role: "tool", tool_call_id: "c1", content: "found" },
    ]);
  });

  it("serves imported items in file order", async () => {
    const project = await makeProject("demonstration", 1);
    const file = Array.from({ length: 2500 }, (_, i) => line({ id: `n${i}`, prompt: `prompt ${i}` })).join("");
    expect(await importText(project.slug, file)).toMatchObject({ imported: 2500 });
    const labeler = await makeMember(project.slug);
    const task = await claimNextTask(labeler, project.slug);
    expect(task!.item.messages[0]!.content).toBe("prompt 0");
  });

  it("refuses NUL bytes, invalid UTF-8, long lines, lone surrogates and \\u0000, and takes CRLF, BOM and U+2028", async () => {
    const project = await makeProject("demonstration", 1);
    const parts = [
      Buffer.from("\ufeff" + JSON.stringify({ prompt: "with BOM" }) + "\r\n"),
      Buffer.from(JSON.stringify({ prompt: "nul" }).replace("nul", "n\u0000l") + "\n"),
      Buffer.concat([Buffer.from('{"prompt": "bad '), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]),
      Buffer.from(JSON.stringify({ prompt: "x".repeat(300) }) + "\n"),
      Buffer.from('{"prompt": "lone \\ud800 surrogate"}\n'),
      Buffer.from('{"prompt": "escaped \\u0000 nul"}\n'),
      Buffer.from(JSON.stringify({ prompt: "line\u2028separator and 日本語" }) + "\n"),
      Buffer.from("\n   \n"),
    ];
    const summary = await importText(project.slug, Buffer.concat(parts), { skipInvalid: true, maxLineBytes: 200 });
    expect(summary.errors).toEqual([
      { line: 2, reason: "line contains a NUL byte" },
      { line: 3, reason: "line is not valid UTF-8" },
      { line: 4, reason: "line is longer than 200 bytes" },
      { line: 5, reason: "prompt: contains a lone surrogate (not valid Unicode)" },
      { line: 6, reason: "prompt: contains a NUL character" },
    ]);
    expect(summary.imported).toBe(2);
    const texts = (await db.item.findMany({ where: { projectId: project.id } })).map(
      (i) => (i.messages as { content: string }[])[0]!.content,
    );
    expect(texts.sort()).toEqual(["line\u2028separator and 日本語", "with BOM"].sort());
  });

  it("refuses a line nested thousands deep as one bad line, and skipInvalid keeps the rest", async () => {
    const project = await makeProject("demonstration", 1);
    const deep = (n: number) => `{"prompt": "deep ${n}", "metadata": {"a": ${"[".repeat(n)}${"]".repeat(n)}}}\n`;
    const file = line({ prompt: "fine" }) + deep(5_000) + line({ prompt: "also fine" }) + deep(200_000);
    const reason = "nested deeper than 64 levels (arrays and objects)";
    const refused = await importText(project.slug, file);
    expect(refused).toMatchObject({
      imported: 0,
      committed: false,
      errors: [
        { line: 2, reason },
        { line: 4, reason },
      ],
    });
    const kept = await importText(project.slug, file, { skipInvalid: true });
    expect(kept).toMatchObject({ imported: 2, committed: true, errorCount: 2 });
    // 64 levels are fine.
    const ok = `{"prompt": "64 deep", "metadata": {"a": ${"[".repeat(62)}${"]".repeat(62)}}}\n`;
    expect(await importText(project.slug, ok)).toMatchObject({ imported: 1, errorCount: 0 });
  });

  it("imports gold answers, roles and explanations, which the quality program then serves", async () => {
    const project = await makeProject("comparison", 1);
    const result = await importText(
      project.slug,
      line({
        id: "q1",
        prompt: "Capital of Australia?",
        completions: ["Sydney", "Canberra"],
        gold: { best: "B", role: "qualification", explanation: "Canberra, since 1913." },
      }) +
        line({ id: "g1", prompt: "2 + 2?", completions: ["4", "5"], gold: { ranking: "A > B" } }) +
        line({ id: "r1", prompt: "A real task", completions: ["x", "y"] }),
    );
    expect(result).toMatchObject({ imported: 3, errorCount: 0 });
    const items = await db.item.findMany({
      where: { projectId: project.id },
      include: { completions: { orderBy: { position: "asc" } } },
      orderBy: { number: "asc" },
    });
    const [q1, g1, r1] = items;
    expect(q1).toMatchObject({ isGold: true, goldRole: "qualification", goldExplanation: "Canberra, since 1913." });
    expect(q1!.goldAnswer).toEqual({ best: q1!.completions[1]!.id });
    expect(g1).toMatchObject({ isGold: true, goldRole: null });
    expect(g1!.goldAnswer).toEqual({
      best: g1!.completions[0]!.id,
      ranking: [[g1!.completions[0]!.id], [g1!.completions[1]!.id]],
    });
    expect(r1).toMatchObject({ isGold: false, goldAnswer: null, goldRole: null });

    // With qualification on, a new labeler's first task is the imported qualification item.
    await updateQualitySettings(project.slug, { qualificationRequired: true }, null);
    expect((await db.project.findUniqueOrThrow({ where: { id: project.id } })).status).toBe("active");
    const task = await claimNextTask(await makeMember(project.slug), project.slug);
    expect(task?.item.id).toBe(q1!.id);

    // A conversation project has no gold items.
    const chat = await createProject({ slug: `c-${uniqueSuffix()}`, kind: "conversation", overlap: 1 }, null);
    const refused = await importText(chat.slug, line({ prompt: "Hi", gold: { role: "training" } }));
    expect(refused.errors).toEqual([{ line: 1, reason: "gold: a conversation project has no gold items" }]);
  });

  it("says when it cannot tell the format", async () => {
    const project = await makeProject("demonstration", 1);
    const summary = await importText(project.slug, line({ text: "what is this" }));
    expect(summary.errors).toEqual([
      { line: 1, reason: "cannot tell the format from this line; choose one with --format" },
    ]);
  });
});

describe("readLines", () => {
  it("never buffers more than one line, even for a 10 MB line split across chunks", async () => {
    const big = Buffer.alloc(10 * 1024 * 1024, 0x61);
    const chunks = [
      Buffer.from('{"a":1}\n'),
      big.subarray(0, 5_000_000),
      big.subarray(5_000_000),
      Buffer.from('\n{"b":2}'),
    ];
    const lines = [];
    for await (const l of readLines(Readable.from(chunks), 1_000_000)) lines.push(l);
    expect(lines).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, error: "line is longer than 1,000,000 bytes" },
      { number: 3, text: '{"b":2}' },
    ]);
  });
});
