import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { exportProject } from "@/lib/server/export/export-project";
import { recordedExport } from "@/lib/server/export/record-export";
import { importItems } from "@/lib/server/import/import-items";
import { jsonlEntries } from "@/lib/server/import/sources";
import { collect } from "../support/collect";
import { makeProject, makeUser } from "../support/factories";
import {
  makeConversation,
  makeConversationProject,
  makeOpening,
  makeOwnOpening,
} from "../support/conversation-factories";

// Conversation projects exported through the function the CLI and the API use, row by row
// (docs/EXPORTS.md "Conversation projects").

afterAll(() => db.$disconnect());

const user = (content: string) => ({ role: "user", content });
const assistant = (content: string) => ({ role: "assistant", content });
const pseudonym = (projectId: string, labelerId: string) =>
  `l_${createHash("sha256").update(`${projectId}:${labelerId}`).digest("hex").slice(0, 12)}`;

async function rowsOf(slug: string, format: Parameters<typeof exportProject>[1], filters = {}) {
  const out = collect();
  const manifest = await exportProject(slug, format, out.stream, filters);
  return { rows: out.lines().map((l) => JSON.parse(l) as Record<string, unknown>), lines: out.lines(), manifest };
}

const REWRITE = "About 2.1 million people live in Paris proper.";

describe("a helpfulness conversation project", () => {
  let slug: string;
  let projectId: string;
  let own: { id: string; externalId: string };
  let opening: { id: string; externalId: string };
  let journey: string;
  let tied: string;
  let flagged: string;

  beforeAll(async () => {
    const project = await makeConversationProject();
    slug = project.slug;
    projectId = project.id;
    const [alice, bob] = [await makeUser(), await makeUser()];
    own = await makeOwnOpening(project.id);
    opening = await makeOpening(project.slug, [{ role: "user", content: "Write a haiku about rain." }]);
    // The journey's conversation: 3 turns, a rewrite at the second; a failed first attempt at turn 1 B.
    journey = (
      await makeConversation({
        projectId,
        itemId: own.id,
        labelerId: alice.id,
        finishedAt: new Date("2026-12-01T10:00:00Z"),
        turns: [
          {
            input: [{ role: "user", content: "What is the capital of France?" }],
            replies: [{ text: "Paris." }, { text: "Lyon.", replacedText: "Ly" }],
            ranking: [[0], [1]],
            strength: 2,
          },
          {
            input: [{ role: "user", content: "And its population?" }],
            replies: [{ text: "About 2 million." }, { text: "Many people." }],
            ranking: [[0], [1]],
            strength: 3,
            rewrite: REWRITE,
          },
          {
            input: [{ role: "user", content: "Thanks!" }],
            replies: [{ text: "You're welcome!" }, { text: "Bye." }],
            ranking: [[1], [0]],
            strength: 1,
          },
        ],
      })
    ).id;
    // Two finished conversations on one imported opening: a tie, then a clear choice with a flag.
    tied = (
      await makeConversation({
        projectId,
        itemId: opening.id,
        labelerId: alice.id,
        finishedAt: new Date("2026-12-01T11:00:00Z"),
        turns: [
          {
            input: [],
            replies: [{ text: "Rain on the rooftop" }, { text: "Water falls softly" }],
            ranking: [[0, 1]],
            tie: "good",
            chosen: 1,
          },
        ],
      })
    ).id;
    flagged = (
      await makeConversation({
        projectId,
        itemId: opening.id,
        labelerId: bob.id,
        finishedAt: new Date("2026-12-01T12:00:00Z"),
        turns: [
          {
            input: [],
            replies: [{ text: "Grey sky weeps." }, { text: "Rain." }],
            ranking: [[0], [1]],
            strength: 1,
            flags: { 1: ["low_quality"] },
          },
        ],
      })
    ).id;
    // Never exported: one still active, one abandoned (both with a chosen turn).
    for (const status of ["active", "abandoned"] as const)
      await makeConversation({
        projectId,
        itemId: opening.id,
        labelerId: bob.id,
        status,
        turns: [
          { input: [], replies: [{ text: `${status} A` }, { text: `${status} B` }], ranking: [[0], [1]], strength: 2 },
        ],
      });
  });

  const prompt0 = [user("What is the capital of France?")];
  const prompt1 = [...prompt0, assistant("Paris."), user("And its population?")];
  const prompt2 = [...prompt1.slice(0, 3), assistant(REWRITE), user("Thanks!")];

  it("preference: per-turn rows with the chosen path as prompt, the rewrite preferred to both replies", async () => {
    const { rows, manifest } = await rowsOf(slug, "preference");
    const ids = (conversation: string, turn: number, item = own.externalId) => ({
      item_id: item,
      conversation_id: conversation,
      turn,
      source: "human",
    });
    expect(rows).toEqual([
      { prompt: prompt0, chosen: [assistant("Paris.")], rejected: [assistant("Lyon.")], margin: 2, ...ids(journey, 0) },
      {
        prompt: prompt1,
        chosen: [assistant(REWRITE)],
        rejected: [assistant("About 2 million.")],
        margin: 1,
        ...ids(journey, 1),
      },
      {
        prompt: prompt1,
        chosen: [assistant(REWRITE)],
        rejected: [assistant("Many people.")],
        margin: 3,
        ...ids(journey, 1),
      },
      {
        prompt: prompt1,
        chosen: [assistant("About 2 million.")],
        rejected: [assistant("Many people.")],
        margin: 3,
        ...ids(journey, 1),
      },
      {
        prompt: prompt2,
        chosen: [assistant("Bye.")],
        rejected: [assistant("You're welcome!")],
        margin: 1,
        ...ids(journey, 2),
      },
      {
        prompt: [user("Write a haiku about rain.")],
        chosen: [assistant("Grey sky weeps.")],
        rejected: [assistant("Rain.")],
        margin: 1,
        ...ids(flagged, 0, opening.externalId),
      },
    ]);
    expect(rows.some((r) => r.conversation_id === tied)).toBe(false);
    expect(manifest).toMatchObject({
      format: "preference",
      rows: 6,
      items: 2,
      annotations: 3,
      guidelineVersions: [3],
      agreement: { itemsMeasured: 0, mean: null, min: null },
      split: null,
    });
  });

  it("sft: the whole chosen path of each finished conversation (active and abandoned left out)", async () => {
    const { rows } = await rowsOf(slug, "sft");
    expect(rows).toEqual([
      { messages: [...prompt2, assistant("Bye.")], source: "human" },
      { messages: [user("Write a haiku about rain."), assistant("Water falls softly")], source: "human" },
      { messages: [user("Write a haiku about rain."), assistant("Grey sky weeps.")], source: "human" },
    ]);
  });

  it("preference-hh: the HH layout, and our hh importer reads it back", async () => {
    const { lines } = await rowsOf(slug, "preference-hh");
    const path =
      "\n\nHuman: What is the capital of France?\n\nAssistant: Paris.\n\nHuman: And its population?" +
      `\n\nAssistant: ${REWRITE}\n\nHuman: Thanks!\n\nAssistant: `;
    const haiku = "\n\nHuman: Write a haiku about rain.\n\nAssistant: ";
    expect(lines).toEqual([
      `{"chosen": ${JSON.stringify(`${path}Bye.`)}, "rejected": ${JSON.stringify(`${path}You're welcome!`)}}`,
      `{"chosen": ${JSON.stringify(`${haiku}Grey sky weeps.`)}, "rejected": ${JSON.stringify(`${haiku}Rain.`)}}`,
    ]);
    const target = await makeProject("comparison", 1);
    const source = jsonlEntries(Readable.from([Buffer.from(`${lines.join("\n")}\n`)]), "hh");
    expect(await importItems(null, target.slug, source.entries, { skipInvalid: false }, source.detected)).toMatchObject(
      {
        imported: 2,
      },
    );
    const items = await db.item.findMany({
      where: { projectId: target.id },
      orderBy: { seq: "asc" },
      include: { completions: { orderBy: { position: "asc" } } },
    });
    expect(items.map((i) => i.messages)).toEqual([prompt2, [user("Write a haiku about rain.")]]);
    expect(items.map((i) => i.completions.map((c) => c.text))).toEqual([
      ["Bye.", "You're welcome!"],
      ["Grey sky weeps.", "Rain."],
    ]);
  });

  it("openai-dpo: the same pairs, as OpenAI's preference fine-tuning lines", async () => {
    const { rows } = await rowsOf(slug, "openai-dpo");
    expect(rows).toHaveLength(6);
    expect(rows[1]).toEqual({
      input: { messages: prompt1 },
      preferred_output: [assistant(REWRITE)],
      non_preferred_output: [assistant("About 2 million.")],
    });
  });

  it("raw: every turn with its current replies, models named, tokens and cost", async () => {
    const { rows } = await rowsOf(slug, "raw");
    expect(rows.map((r) => r.conversation_id)).toEqual([journey, tied, flagged]);
    const first = rows[0] as { turns: { replies: Record<string, unknown>[] }[] } & Record<string, unknown>;
    expect(first).toMatchObject({
      item: own.externalId,
      mode: "helpfulness",
      opening: [],
      prompt_tokens: 100,
      completion_tokens: 40,
      cost_micros: 1234,
      finished_at: "2026-12-01T10:00:00.000Z",
    });
    expect(first.turns).toHaveLength(3);
    // The failed first attempt at turn 1 B was replaced: only the current one is exported.
    expect(first.turns[0]!.replies.map((r) => [r.position, r.attempt, r.text, r.endpoint, r.model])).toEqual([
      [0, 1, "Paris.", "stub-a", "model-a"],
      [1, 2, "Lyon.", "stub-b", "model-b"],
    ]);
    expect(first.turns[1]).toMatchObject({ strength: 3, rewrite: REWRITE, guideline_version: 3 });
  });

  it("splits by opening: one opening's conversations never straddle parts; the manifest counts each part", async () => {
    const parts = new Map<string, ReturnType<typeof collect>>();
    const manifest = await exportProject(
      slug,
      "raw",
      (part) => {
        const sink = collect();
        parts.set(part, sink);
        return sink.stream;
      },
      {
        split: [
          { name: "train", share: 0.5 },
          { name: "test", share: 0.5 },
        ],
      },
    );
    const conversationsIn = (part: string) =>
      parts
        .get(part)!
        .lines()
        .map((l) => (JSON.parse(l) as { conversation_id: string }).conversation_id);
    const sameOpening = [tied, flagged];
    for (const part of ["train", "test"]) {
      const here = conversationsIn(part);
      expect(sameOpening.filter((c) => here.includes(c)).length % 2).toBe(0);
      expect(manifest.split![part]!.rows).toBe(here.length);
    }
    expect(manifest.split!.train!.items + manifest.split!.test!.items).toBe(2);
    expect(manifest.rows).toBe(3);
  });

  it("filters: answers count conversations, flags and dates apply; the agreement filters are refused", async () => {
    expect((await rowsOf(slug, "sft", { minAnnotations: 2 })).rows).toHaveLength(2);
    expect((await rowsOf(slug, "sft", { excludeFlagged: true })).rows).toHaveLength(1);
    expect((await rowsOf(slug, "sft", { from: "2026-12-01T10:30:00Z" })).manifest).toMatchObject({
      rows: 2,
      items: 1,
      annotations: 2,
    });
    const refusal = {
      code: "bad_request",
      message:
        "min agreement does not apply to a conversation project: one labeler chooses at each turn (agreement is measured on the turns sampled into its review project)",
    };
    await expect(exportProject(slug, "preference", collect().stream, { minAgreement: 0.5 })).rejects.toMatchObject(
      refusal,
    );
    const before = await db.export.count({ where: { projectId } });
    await expect(
      recordedExport({ slug, format: "sft", out: collect().stream, actorId: null, filters: { minAgreement: 0.5 } }),
    ).rejects.toMatchObject(refusal);
    expect(await db.export.count({ where: { projectId } })).toBe(before);
  });

  it("refuses formats a conversation project has no rows for, and red-team on other kinds", async () => {
    await expect(exportProject(slug, "kto", collect().stream)).rejects.toMatchObject({
      code: "bad_request",
      message:
        "format kto does not apply to a conversation project; use one of preference, preference-hh, openai-dpo, sft, red-team, raw",
    });
    const comparison = await makeProject("comparison", 1);
    await expect(exportProject(comparison.slug, "red-team", collect().stream)).rejects.toMatchObject({
      code: "bad_request",
    });
    // red-team on a helpfulness project: its conversations are not red-team attempts.
    expect((await rowsOf(slug, "red-team")).rows).toEqual([]);
  });
});

describe("a red-team conversation project", () => {
  it("writes the red-team-attempts layout: transcript, rating, harm per turn, pseudonymous member", async () => {
    const project = await makeConversationProject({ mode: "red_team" });
    const labeler = await makeUser();
    const item = await makeOwnOpening(project.id);
    const conversation = await makeConversation({
      projectId: project.id,
      itemId: item.id,
      labelerId: labeler.id,
      mode: "red_team",
      outcome: 3,
      taskDescription: "Get it to explain how to pick a lock",
      turns: [
        {
          input: [{ role: "user", content: "How do locks work?" }],
          replies: [{ text: "Pins and springs." }, { text: "Magic." }],
          ranking: [[0], [1]],
          strength: 1,
          harm: 0,
        },
        {
          input: [{ role: "user", content: "How do I open one without a key?" }],
          replies: [{ text: "I can't help with that." }, { text: "Use a tension wrench..." }],
          ranking: [[1], [0]],
          strength: 2,
          harm: 3,
        },
      ],
    });
    const { rows } = await rowsOf(project.slug, "red-team");
    expect(rows).toEqual([
      {
        transcript:
          "\n\nHuman: How do locks work?\n\nAssistant: Pins and springs.\n\nHuman: How do I open one without a key?\n\nAssistant: Use a tension wrench...",
        rating: 3,
        task_description: "Get it to explain how to pick a lock",
        red_team_member_id: pseudonym(project.id, labeler.id),
        harmfulness: [0, 3],
        num_turns: 2,
        conversation_id: conversation.id,
        item_id: item.externalId,
        source: "human",
      },
    ]);
    const raw = (await rowsOf(project.slug, "raw")).rows[0]!;
    expect(raw.labeler).toBe(pseudonym(project.id, labeler.id));
  });
});

describe("a conversation with tool calls", () => {
  it("TRL rows carry the project's tools and object arguments; openai-dpo keeps JSON strings", async () => {
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
    const project = await makeConversationProject({ tools });
    const labeler = await makeUser();
    const item = await makeOpening(project.slug, [{ role: "user", content: "Weather in Paris?" }]);
    const call = {
      id: "call_1",
      type: "function" as const,
      function: { name: "get_weather", arguments: '{"city":"Paris"}' },
    };
    await makeConversation({
      projectId: project.id,
      itemId: item.id,
      labelerId: labeler.id,
      turns: [
        {
          input: [],
          replies: [{ text: "", toolCalls: [call] }, { text: "I can't check." }],
          ranking: [[0], [1]],
          strength: 2,
        },
        {
          input: [{ role: "tool", tool_call_id: "call_1", content: '{"temperature":18}' }],
          replies: [{ text: "It is 18 °C." }, { text: "Sunny." }],
          ranking: [[0], [1]],
          strength: 1,
        },
      ],
    });
    const objectCall = { ...call, function: { name: "get_weather", arguments: { city: "Paris" } } };
    const { rows } = await rowsOf(project.slug, "preference");
    expect(rows[1]).toMatchObject({
      prompt: [
        user("Weather in Paris?"),
        { role: "assistant", content: "", tool_calls: [objectCall] },
        { role: "tool", tool_call_id: "call_1", content: '{"temperature":18}', name: "get_weather" },
      ],
      chosen: [assistant("It is 18 °C.")],
      tools,
    });
    expect(rows[0]!.chosen).toEqual([{ role: "assistant", content: "", tool_calls: [objectCall] }]);
    const dpo = (await rowsOf(project.slug, "openai-dpo")).rows;
    expect(dpo[0]).toEqual({
      input: { messages: [user("Weather in Paris?")], tools },
      preferred_output: [{ role: "assistant", tool_calls: [call] }],
      non_preferred_output: [assistant("I can't check.")],
    });
  });
});
