import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { recordedExport } from "@/lib/server/export/record-export";
import { importItems } from "@/lib/server/import/import-items";
import { jsonlEntries } from "@/lib/server/import/sources";
import { claimNextTask } from "@/lib/server/queue/claim-next-task";
import { submitAnnotation } from "@/lib/server/queue/submit-annotation";
import { collect } from "../support/collect";
import { makeMember, makeProject } from "../support/factories";

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

describe("an item with tool calls, imported then exported", () => {
  const weather = [
    { role: "user", content: "What's the weather in Paris?" },
    {
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "call_w1", type: "function", function: { name: "get_weather", arguments: { city: "Paris" } } },
      ],
    },
    { role: "tool", tool_call_id: "call_w1", content: '{"temperature":18}' },
  ];
  const tools = [
    {
      type: "function",
      function: {
        name: "get_weather",
        description: "Current weather in a city.",
        parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
      },
    },
  ];
  const file = (completions: string[]) => `${JSON.stringify({ messages: weather, tools, completions })}\n`;
  const importFile = (slug: string, text: string) => {
    const source = jsonlEntries(Readable.from([Buffer.from(text)]), "auto");
    return importItems(null, slug, source.entries, { skipInvalid: false }, source.detected);
  };
  const storedPrompt = [
    weather[0],
    {
      role: "assistant",
      content: "",
      tool_calls: [
        { id: "call_w1", type: "function", function: { name: "get_weather", arguments: '{"city":"Paris"}' } },
      ],
    },
    weather[2],
  ];

  it("stores calls in the wire form, re-imports idempotently, and writes TRL and OpenAI rows", async () => {
    const project = await makeProject("comparison", 1);
    expect(await importFile(project.slug, file(["18 °C.", "No idea."]))).toMatchObject({ imported: 1 });
    expect(await importFile(project.slug, file(["18 °C.", "No idea."]))).toMatchObject({ imported: 0, duplicates: 1 });
    const stored = await db.item.findFirstOrThrow({ where: { projectId: project.id } });
    expect(stored.messages).toEqual(storedPrompt);
    expect(stored.metadata).toEqual({ tools });

    const labeler = await makeMember(project.slug);
    const task = (await claimNextTask(labeler, project.slug))!;
    // The labeler is served the calls too.
    expect(task.item.messages).toEqual(storedPrompt);
    const byText = new Map(task.item.completions.map((c) => [c.text, c.id]));
    await submitAnnotation(labeler, task.id, randomUUID(), {
      ranking: [[byText.get("18 °C.")!], [byText.get("No idea.")!]],
      strength: 3,
    });

    const preference = collect();
    await exportProject(project.slug, "preference", preference.stream);
    const [row] = preference
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(Object.keys(row)).toEqual(["prompt", "chosen", "rejected", "margin", "item_id", "source", "tools"]);
    expect(row.prompt).toEqual([
      weather[0],
      {
        role: "assistant",
        content: "",
        tool_calls: [
          { id: "call_w1", type: "function", function: { name: "get_weather", arguments: { city: "Paris" } } },
        ],
      },
      { ...weather[2], name: "get_weather" },
    ]);
    expect(row.chosen).toEqual([{ role: "assistant", content: "18 °C." }]);
    expect(row.rejected).toEqual([{ role: "assistant", content: "No idea." }]);
    expect(row.margin).toBe(3);
    expect(row.tools).toEqual(tools);

    const dpo = collect();
    const manifest = await exportProject(project.slug, "openai-dpo", dpo.stream);
    expect(manifest).toMatchObject({ format: "openai-dpo", rows: 1, items: 1 });
    const [line] = dpo
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(line).toEqual({
      input: {
        messages: [
          weather[0],
          { role: "assistant", tool_calls: [storedPrompt[1]!.tool_calls![0]] },
          { role: "tool", content: '{"temperature":18}', tool_call_id: "call_w1" },
        ],
        tools,
      },
      preferred_output: [{ role: "assistant", content: "18 °C." }],
      non_preferred_output: [{ role: "assistant", content: "No idea." }],
    });
  });

  it("openai-dpo gives a ranking of three its three ordered pairs, and a tie none", async () => {
    const project = await makeProject("ranking", 2);
    expect(await importFile(project.slug, file(["best", "middle", "worst"]))).toMatchObject({ imported: 1 });
    const [first, second] = [await makeMember(project.slug), await makeMember(project.slug)];
    const answer = async (labeler: typeof first, order: (ids: Map<string, string>) => string[][]) => {
      const task = (await claimNextTask(labeler, project.slug))!;
      const ids = new Map(task.item.completions.map((c) => [c.text, c.id]));
      await submitAnnotation(labeler, task.id, randomUUID(), { ranking: order(ids) });
    };
    await answer(first, (ids) => [[ids.get("best")!], [ids.get("middle")!], [ids.get("worst")!]]);
    await answer(second, (ids) => [[ids.get("best")!, ids.get("middle")!, ids.get("worst")!]]);
    const out = collect();
    await exportProject(project.slug, "openai-dpo", out.stream);
    const rows = out
      .text()
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.preferred_output[0].content, r.non_preferred_output[0].content])).toEqual([
      ["best", "middle"],
      ["best", "worst"],
      ["middle", "worst"],
    ]);
    for (const r of rows) expect(Object.keys(r)).toEqual(["input", "preferred_output", "non_preferred_output"]);
  });
});
