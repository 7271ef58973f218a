// Tool calls: the two written forms of arguments (OpenAI's JSON string, TRL's object), import
// lines that carry calls and results, and the export rows made of them.
import { describe, expect, it } from "vitest";
import { itemContentHash, type ChatMessage } from "@/lib/domain/content-hash";
import { exportLines, type ExportAnnotation, type ExportItem } from "@/lib/domain/export/rows";
import { parseLine } from "@/lib/domain/import/formats";
import {
  argumentsToObject,
  argumentsToWire,
  openAiMessages,
  openAiTools,
  toolTurnsAsText,
  trlMessages,
  wireMessages,
  type ToolDefinition,
} from "@/lib/domain/tool-calls";

// The worked example of TRL's "Tool Calling" dataset format (docs/source/dataset_formats.md),
// in the OpenAI wire form we store: the same call, arguments as a JSON string.
const stored: ChatMessage[] = [
  { role: "user", content: "Turn on the living room lights." },
  {
    role: "assistant",
    content: "",
    tool_calls: [
      {
        id: "call_1",
        type: "function",
        function: { name: "control_light", arguments: '{"room":"living room","state":"on"}' },
      },
    ],
  },
  { role: "tool", content: "The lights in the living room are now on.", tool_call_id: "call_1" },
];
const tools: ToolDefinition[] = [
  {
    type: "function",
    function: {
      name: "control_light",
      description: "Controls the lights in a room.",
      parameters: {
        type: "object",
        properties: { room: { type: "string" }, state: { type: "string" } },
        required: ["room", "state"],
      },
      return: { type: "string" },
    },
  },
];

describe("arguments: OpenAI's JSON string and TRL's object", () => {
  it("turns a JSON string into the object TRL's example carries, and an object into a compact string", () => {
    expect(argumentsToObject('{"room": "living room", "state": "on"}')).toEqual({
      ok: true,
      value: { room: "living room", state: "on" },
    });
    expect(argumentsToWire({ room: "living room", state: "on" })).toEqual({
      ok: true,
      value: '{"room":"living room","state":"on"}',
    });
    // A string is kept byte for byte (spacing and all): it is what the model wrote.
    expect(argumentsToWire('{ "a" : 1 }')).toEqual({ ok: true, value: '{ "a" : 1 }' });
  });

  it("refuses malformed arguments, saying why", () => {
    expect(argumentsToObject("{room: on}")).toEqual({ ok: false, reason: "is not valid JSON" });
    expect(argumentsToObject("[1,2]")).toEqual({ ok: false, reason: "must be a JSON object, not an array" });
    expect(argumentsToObject("42")).toEqual({ ok: false, reason: "must be a JSON object, not a number" });
    expect(argumentsToObject("null")).toEqual({ ok: false, reason: "must be a JSON object, not null" });
    expect(argumentsToWire(42)).toEqual({ ok: false, reason: "must be a JSON object or a string holding one" });
    expect(argumentsToWire(["a"])).toEqual({ ok: false, reason: "must be a JSON object or a string holding one" });
    expect(argumentsToWire('"text"')).toEqual({ ok: false, reason: "must be a JSON object, not a string" });
  });

  it("writes TRL's messages (object arguments, the result named after its call) and back", () => {
    const trl = trlMessages(stored);
    expect(trl).toEqual([
      { role: "user", content: "Turn on the living room lights." },
      {
        role: "assistant",
        content: "",
        tool_calls: [
          {
            id: "call_1",
            type: "function",
            function: { name: "control_light", arguments: { room: "living room", state: "on" } },
          },
        ],
      },
      {
        role: "tool",
        content: "The lights in the living room are now on.",
        tool_call_id: "call_1",
        name: "control_light",
      },
    ]);
    const back = wireMessages(trl);
    expect(back[1]).toEqual(stored[1]);
    // Messages without tools are handed back untouched (the same array: rows stay byte-identical).
    const plain: ChatMessage[] = [{ role: "user", content: "Hi" }];
    expect(trlMessages(plain)).toBe(plain);
  });

  it("gives an unreadable stored argument string as {} in TRL rows rather than failing the export", () => {
    const bad: ChatMessage[] = [
      {
        role: "assistant",
        content: "",
        tool_calls: [{ id: "c", type: "function", function: { name: "f", arguments: "{" } }],
      },
    ];
    expect(trlMessages(bad)[0]!.tool_calls![0]!.function.arguments).toEqual({});
  });

  it("writes OpenAI's messages and tools with OpenAI's keys only", () => {
    expect(openAiMessages(stored)).toEqual([
      stored[0],
      { role: "assistant", tool_calls: stored[1]!.tool_calls },
      { role: "tool", content: "The lights in the living room are now on.", tool_call_id: "call_1" },
    ]);
    expect(openAiTools(tools)).toEqual([
      {
        type: "function",
        function: {
          name: "control_light",
          description: "Controls the lights in a room.",
          parameters: tools[0]!.function.parameters,
        },
      },
    ]);
  });

  it("writes tool turns into the Assistant's text for text-only layouts", () => {
    expect(toolTurnsAsText([...stored, { role: "assistant", content: "Done!" }])).toEqual([
      { role: "user", content: "Turn on the living room lights." },
      {
        role: "assistant",
        content:
          '[Called control_light with {"room":"living room","state":"on"}]\n[Result of control_light: The lights in the living room are now on.]',
      },
      { role: "assistant", content: "Done!" },
    ]);
  });
});

describe("content hash", () => {
  it("keeps the hash of messages without tools, and changes with a call's arguments", () => {
    expect(itemContentHash([{ role: "user", content: "Hi" }], ["a"])).toBe(
      itemContentHash([{ role: "user", content: "Hi" }], ["a"]),
    );
    const other = structuredClone(stored);
    other[1]!.tool_calls![0]!.function.arguments = '{"room":"kitchen","state":"on"}';
    expect(itemContentHash(other, [])).not.toBe(itemContentHash(stored, []));
    const renamed = structuredClone(stored);
    renamed[2]!.tool_call_id = "call_2";
    renamed[1]!.tool_calls![0]!.id = "call_2";
    expect(itemContentHash(renamed, [])).not.toBe(itemContentHash(stored, []));
  });
});

const reason = (result: ReturnType<typeof parseLine>) => (result.ok ? null : result.reason);
const call = (id: string, name: string, args: unknown) => ({
  id,
  type: "function",
  function: { name, arguments: args },
});

describe("import lines with tool calls", () => {
  const chat = {
    messages: [
      { role: "user", content: "Turn on the living room lights." },
      {
        role: "assistant",
        content: null,
        tool_calls: [call("call_1", "control_light", { room: "living room", state: "on" })],
      },
      { role: "tool", tool_call_id: "call_1", content: "The lights in the living room are now on." },
      { role: "assistant", content: "Done!" },
    ],
    tools,
  };

  it("accepts calls (object arguments stored as a JSON string) and keeps the line's tools in metadata", () => {
    const result = parseLine("openai-chat", chat);
    expect(result).toEqual({
      ok: true,
      item: {
        externalId: undefined,
        messages: stored,
        completions: [{ text: "Done!" }],
        metadata: { tools },
        priority: 0,
      },
    });
    // The same line with string arguments makes the same item (and the same content hash).
    const asString = structuredClone(chat);
    asString.messages[1]!.tool_calls![0]!.function.arguments = '{"room":"living room","state":"on"}';
    expect(parseLine("openai-chat", asString)).toEqual(result);
  });

  it("accepts them in prompts and completions lines too", () => {
    const prompt = { messages: chat.messages.slice(0, 3), tools };
    expect(parseLine("prompts", prompt)).toMatchObject({ ok: true, item: { messages: stored } });
    expect(parseLine("completions", { ...prompt, completions: ["Done!", "Lights on."] })).toMatchObject({
      ok: true,
      item: { messages: stored, completions: [{ text: "Done!" }, { text: "Lights on." }] },
    });
  });

  it.each([
    [
      "a result for no earlier call",
      [
        { role: "user", content: "Hi" },
        { role: "tool", tool_call_id: "call_9", content: "x" },
      ],
      'messages.1.tool_call_id: "call_9" matches no earlier tool call',
    ],
    [
      "a result before its call",
      [
        { role: "user", content: "Hi" },
        { role: "tool", tool_call_id: "c1", content: "x" },
        { role: "assistant", content: "", tool_calls: [call("c1", "f", "{}")] },
      ],
      'messages.1.tool_call_id: "c1" matches no earlier tool call',
    ],
    [
      "a result without a call id",
      [
        { role: "user", content: "Hi" },
        { role: "tool", content: "x" },
      ],
      "messages.1.tool_call_id: a tool message needs the id of the call it answers",
    ],
    [
      "arguments that are not JSON",
      [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "", tool_calls: [call("c1", "f", "{room: 1}")] },
      ],
      "messages.1.tool_calls.0.function.arguments: is not valid JSON",
    ],
    [
      "arguments that are a number",
      [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "", tool_calls: [call("c1", "f", 7)] },
      ],
      "messages.1.tool_calls.0.function.arguments: must be a JSON object or a string holding one",
    ],
    [
      "a bad function name",
      [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "", tool_calls: [call("c1", "get weather", "{}")] },
      ],
      "messages.1.tool_calls.0.function.name: must be 1-64 letters, digits, _ or - (OpenAI's rule)",
    ],
    [
      "a call id used twice",
      [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "", tool_calls: [call("c1", "f", "{}"), call("c1", "g", "{}")] },
      ],
      'messages.1.tool_calls.1.id: "c1" is used by an earlier call',
    ],
    [
      "a result named unlike its call",
      [
        { role: "user", content: "Hi" },
        { role: "assistant", content: "", tool_calls: [call("c1", "f", "{}")] },
        { role: "tool", tool_call_id: "c1", name: "g", content: "x" },
      ],
      'messages.2.name: "g" is not the name of call "c1" (f)',
    ],
    [
      "tool calls on a user message",
      [{ role: "user", content: "Hi", tool_calls: [call("c1", "f", "{}")] }],
      "messages.0.tool_calls: only assistant messages call tools",
    ],
    [
      "an assistant message with neither text nor calls",
      [
        { role: "user", content: "Hi" },
        { role: "assistant", content: null },
        { role: "user", content: "Hm?" },
      ],
      "messages.1.content: expected string",
    ],
  ])("refuses %s, saying where", (_what, messages, expected) => {
    expect(reason(parseLine("prompts", { messages }))).toBe(expected);
  });

  it("refuses a call to a tool the line does not define, bad tool definitions, and tools in metadata", () => {
    const messages = [
      { role: "user", content: "Hi" },
      { role: "assistant", content: "", tool_calls: [call("c1", "unknown_tool", "{}")] },
    ];
    expect(reason(parseLine("prompts", { messages, tools }))).toBe(
      'messages.1.tool_calls.0.function.name: "unknown_tool" is not one of the line\'s tools',
    );
    expect(
      reason(parseLine("prompts", { prompt: "Hi", tools: [{ type: "function", function: { name: "a b" } }] })),
    ).toBe("tools.0.function.name: must be 1-64 letters, digits, _ or - (OpenAI's rule)");
    expect(reason(parseLine("prompts", { prompt: "Hi", tools: [tools[0], tools[0]] }))).toBe(
      'tools.1.function.name: "control_light" is defined twice',
    );
    expect(reason(parseLine("prompts", { prompt: "Hi", metadata: { tools } }))).toBe(
      'metadata.tools: tool definitions go in "tools" at the top of the line',
    );
  });

  it("refuses an openai-chat line whose final reply calls tools (a completion is text)", () => {
    expect(reason(parseLine("openai-chat", { messages: chat.messages.slice(0, 2) }))).toBe(
      "messages.1: the final assistant message calls tools; end the line with the tool's result or a text reply",
    );
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

const toolItem = (annotations: ExportAnnotation[], withTools = true): ExportItem => ({
  externalId: "t1",
  agreement: null,
  messages: stored,
  tools: withTools ? tools : null,
  completions: new Map([
    ["c1", { text: "Done!", model: "m1" }],
    ["c2", { text: "I cannot.", model: "m2" }],
  ]),
  annotations,
});

describe("export rows of an item with tool calls", () => {
  const trlPrompt = trlMessages(stored);
  const ranked = annotation({ ranking: [["c1"], ["c2"]], strength: 2 });

  it("preference: TRL's messages (object arguments) and a tools column", () => {
    const [row] = exportLines("preference", toolItem([ranked])).map((l) => JSON.parse(l));
    expect(row).toEqual({
      prompt: trlPrompt,
      chosen: [{ role: "assistant", content: "Done!" }],
      rejected: [{ role: "assistant", content: "I cannot." }],
      margin: 2,
      item_id: "t1",
      source: "human",
      tools,
    });
    expect(row.prompt[1].tool_calls[0].function.arguments).toEqual({ room: "living room", state: "on" });
  });

  it("sft, sft-prompt-completion, kto, safety and best-of-n carry the same messages and tools", () => {
    const written = annotation({ text: "Done!", ranking: [["c1"], ["c2"]] });
    expect(JSON.parse(exportLines("sft", toolItem([written]))[0]!)).toEqual({
      messages: [...trlPrompt, { role: "assistant", content: "Done!" }],
      source: "human",
      tools,
    });
    expect(JSON.parse(exportLines("sft-prompt-completion", toolItem([written]))[0]!)).toEqual({
      prompt: trlPrompt,
      completion: [{ role: "assistant", content: "Done!" }],
      source: "human",
      tools,
    });
    expect(JSON.parse(exportLines("kto", toolItem([ranked]))[0]!)).toMatchObject({ prompt: trlPrompt, tools });
    expect(JSON.parse(exportLines("safety", toolItem([ranked]))[0]!)).toMatchObject({ prompt: trlPrompt, tools });
    expect(JSON.parse(exportLines("best-of-n", toolItem([ranked]))[0]!)).toEqual({
      messages: [...trlPrompt, { role: "assistant", content: "Done!" }],
      source: "human",
      tools,
    });
    // No tools defined: no tools column, the calls still in TRL's form.
    expect(JSON.parse(exportLines("sft", toolItem([written], false))[0]!)).toEqual({
      messages: [...trlPrompt, { role: "assistant", content: "Done!" }],
      source: "human",
    });
  });

  it("raw keeps the stored (wire) messages and the tools", () => {
    expect(JSON.parse(exportLines("raw", toolItem([ranked]))[0]!)).toMatchObject({ prompt: stored, tools });
  });

  it("openai-dpo: OpenAI's keys only, arguments as JSON strings, one row per ordered pair", () => {
    const rows = exportLines(
      "openai-dpo",
      toolItem([
        annotation({ ranking: [["c1"], ["c2"]], strength: 2, rewrite: { editedFrom: "c1", text: "All on." } }),
      ]),
    ).map((l) => JSON.parse(l));
    expect(rows).toEqual([
      {
        input: { messages: openAiMessages(stored), tools: openAiTools(tools) },
        preferred_output: [{ role: "assistant", content: "All on." }],
        non_preferred_output: [{ role: "assistant", content: "Done!" }],
      },
      {
        input: { messages: openAiMessages(stored), tools: openAiTools(tools) },
        preferred_output: [{ role: "assistant", content: "Done!" }],
        non_preferred_output: [{ role: "assistant", content: "I cannot." }],
      },
    ]);
    expect(rows[0].input.messages[1].tool_calls[0].function.arguments).toBe('{"room":"living room","state":"on"}');
    // A tie gives no row.
    expect(exportLines("openai-dpo", toolItem([annotation({ ranking: [["c1", "c2"]], tie: "good" })]))).toEqual([]);
  });

  it("preference-hh writes the tool turns into the Assistant's text instead of dropping them", () => {
    const [line] = exportLines("preference-hh", toolItem([ranked]));
    expect(JSON.parse(line!).chosen).toBe(
      "\n\nHuman: Turn on the living room lights." +
        '\n\nAssistant: [Called control_light with {"room":"living room","state":"on"}]' +
        "\n[Result of control_light: The lights in the living room are now on.]" +
        "\n\nAssistant: Done!",
    );
  });
});
