import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkCompletionCount, detectFormat, parseLine } from "@/lib/domain/import/formats";
import { formatHhTranscript, parseHhTranscript, splitHhPair } from "@/lib/domain/import/hh";
import { joinPredictions, modelFromPredictionFile, seedTaskToItem } from "@/lib/domain/import/self-instruct";
import { fixturesDir, sharedData } from "../support/shared-data";

const reason = (result: ReturnType<typeof parseLine>) => (result.ok ? null : result.reason);

describe("prompts", () => {
  it("takes a prompt or messages, with id, metadata and priority", () => {
    expect(parseLine("prompts", { prompt: "Hi", id: 7, metadata: { topic: "x" }, priority: 2 })).toEqual({
      ok: true,
      item: {
        externalId: "7",
        messages: [{ role: "user", content: "Hi" }],
        completions: [],
        metadata: { topic: "x" },
        priority: 2,
      },
    });
    const chat = parseLine("prompts", {
      messages: [
        { role: "system", content: "Be brief" },
        { role: "user", content: "Hi" },
      ],
    });
    expect(chat.ok && chat.item.messages).toHaveLength(2);
  });

  it.each([
    [{}, 'needs "prompt" (text) or "messages" (a list of {role, content})'],
    [{ prompt: "" }, "prompt: is empty"],
    [{ prompt: "   " }, "prompt: is empty"],
    [{ messages: [{ role: "user", content: " " }] }, "messages.0.content: is empty"],
    [{ messages: [{ role: "system", content: "" }] }, "messages.0.content: is empty"],
    [{ prompt: 42 }, "prompt: expected string"],
    [{ prompt: "a", messages: [{ role: "user", content: "b" }] }, 'give "prompt" or "messages", not both'],
    [{ messages: [{ role: "robot", content: "b" }] }, "messages.0.role"],
    [{ messages: [] }, "messages"],
    [{ prompt: "a", completions: ["x"] }, '"completions" belong to the completions format'],
    [{ prompt: "a", priority: 1.5 }, "priority: "],
    [{ prompt: "a", metadata: [1] }, "metadata: expected record"],
  ])("refuses %j", (value, expected) => {
    expect(reason(parseLine("prompts", value))).toContain(expected);
  });
});

describe("completions", () => {
  it("takes texts or {model, text}", () => {
    const result = parseLine("completions", { prompt: "Q", completions: ["a", { model: "m", text: "b" }] });
    expect(result).toMatchObject({ ok: true, item: { completions: [{ text: "a" }, { text: "b", model: "m" }] } });
  });

  it("refuses missing, empty and mistyped completions", () => {
    expect(reason(parseLine("completions", { prompt: "Q" }))).toBe('missing "completions"');
    expect(reason(parseLine("completions", { prompt: "Q", completions: ["ok", 7] }))).toContain("completions.1");
    expect(reason(parseLine("completions", { prompt: "Q", completions: "a" }))).toContain(
      "completions: expected array",
    );
  });

  it("keeps an empty completion: an empty reply is real data", () => {
    const result = parseLine("completions", { prompt: "Q", completions: ["", { model: "m", text: "" }, "b"] });
    expect(result).toMatchObject({
      ok: true,
      item: { completions: [{ text: "" }, { text: "", model: "m" }, { text: "b" }] },
    });
  });

  it("checks the project's completion range", () => {
    const item = { messages: [], completions: [{ text: "a" }], metadata: {}, priority: 0 };
    expect(checkCompletionCount(item, { min: 2, max: 2 })).toBe("has 1 completion; this project takes exactly 2");
    expect(checkCompletionCount({ ...item, completions: Array(10).fill({ text: "x" }) }, { min: 2, max: 9 })).toBe(
      "has 10 completions; this project takes 2 to 9",
    );
    expect(
      checkCompletionCount({ ...item, completions: [{ text: "a" }, { text: "b" }] }, { min: 2, max: 9 }),
    ).toBeNull();
  });

  it("accepts a prompt without completions in any project: it waits for generation", () => {
    const prompt = { messages: [], completions: [], metadata: {}, priority: 0 };
    expect(checkCompletionCount(prompt, { min: 2, max: 2 })).toBeNull();
    expect(checkCompletionCount(prompt, { min: 2, max: 9 })).toBeNull();
  });
});

describe("openai-chat", () => {
  it("turns a final assistant message into the completion", () => {
    const result = parseLine("openai-chat", {
      messages: [
        { role: "user", content: "Q" },
        { role: "assistant", content: "A" },
      ],
    });
    expect(result).toMatchObject({
      ok: true,
      item: { messages: [{ role: "user", content: "Q" }], completions: [{ text: "A" }] },
    });
    expect(parseLine("openai-chat", { messages: [{ role: "user", content: "Q" }] })).toMatchObject({
      item: { completions: [] },
    });
    expect(reason(parseLine("openai-chat", { messages: [{ role: "assistant", content: "A" }] }))).toBe(
      "messages: nothing before the final assistant message",
    );
  });

  it("keeps an empty final assistant message as an empty completion", () => {
    const result = parseLine("openai-chat", {
      messages: [
        { role: "user", content: "Help me hurt someone." },
        { role: "assistant", content: "" },
      ],
    });
    expect(result).toEqual({
      ok: true,
      item: {
        externalId: undefined,
        messages: [{ role: "user", content: "Help me hurt someone." }],
        completions: [{ text: "" }],
        metadata: {},
        priority: 0,
      },
    });
  });

  it("still refuses an empty or blank user message", () => {
    expect(reason(parseLine("openai-chat", { messages: [{ role: "user", content: " \n" }] }))).toBe(
      "messages.0.content: is empty",
    );
    expect(
      reason(
        parseLine("openai-chat", {
          messages: [
            { role: "user", content: "" },
            { role: "assistant", content: "A" },
          ],
        }),
      ),
    ).toBe("messages.0.content: is empty");
  });
});

describe("hh", () => {
  const chosen =
    "\n\nHuman: Hi there\n\nAssistant: Hello!\n\nHuman: Tell me a joke\n\nAssistant: Why did the chicken cross the road?";
  const rejected = "\n\nHuman: Hi there\n\nAssistant: Hello!\n\nHuman: Tell me a joke\n\nAssistant: No.";

  it("keeps the shared conversation as the prompt and the two final turns as completions", () => {
    expect(parseLine("hh", { chosen, rejected })).toEqual({
      ok: true,
      item: {
        externalId: undefined,
        messages: [
          { role: "user", content: "Hi there" },
          { role: "assistant", content: "Hello!" },
          { role: "user", content: "Tell me a joke" },
        ],
        completions: [
          { text: "Why did the chicken cross the road?", model: "hh-chosen" },
          { text: "No.", model: "hh-rejected" },
        ],
        metadata: {},
        priority: 0,
      },
    });
  });

  it("formats transcripts back byte for byte", () => {
    for (const transcript of [chosen, rejected, "\n\nHuman: ünïcödé ✓\n\nAssistant: 日本語\nwith a newline"]) {
      expect(formatHhTranscript(parseHhTranscript(transcript)!)).toBe(transcript);
    }
  });

  it.each([
    [
      { chosen, rejected: "\n\nHuman: Something else\n\nAssistant: No." },
      "chosen and rejected differ before the final Assistant turn",
    ],
    [
      // Same roles and number of turns, another text in an earlier turn: not the same conversation.
      { chosen, rejected: rejected.replace("Hello!", "Go away.") },
      "chosen and rejected differ before the final Assistant turn",
    ],
    [{ chosen: "Human: no leading newlines", rejected }, "chosen: not an HH transcript"],
    [{ chosen, rejected: "\n\nHuman: Hi there" }, "rejected: does not end with an Assistant turn"],
    [
      { chosen: "\n\nAssistant: alone", rejected: "\n\nAssistant: alone too" },
      "no Human turn before the final Assistant turn",
    ],
    [{ chosen }, "rejected: expected string"],
    [
      { chosen: "\n\nHuman: \n\nAssistant: A", rejected: "\n\nHuman: \n\nAssistant: B" },
      "the first Human turn is empty",
    ],
    [
      { chosen: "\n\nHuman:  \n \n\nAssistant: A", rejected: "\n\nHuman:  \n \n\nAssistant:" },
      "the first Human turn is empty",
    ],
  ])("refuses %j", (value, expected) => {
    expect(reason(parseLine("hh", value))).toContain(expected);
  });

  describe("an empty final Assistant turn (silence preferred to harm)", () => {
    const prompt = "\n\nHuman: Write a threat I can send my neighbour.";
    const silent = `${prompt}\n\nAssistant:`;
    const harmful = `${prompt}\n\nAssistant: Sure, here is one.`;

    it("is imported as an empty completion, chosen or rejected", () => {
      expect(parseLine("hh", { chosen: silent, rejected: harmful })).toMatchObject({
        ok: true,
        item: {
          messages: [{ role: "user", content: "Write a threat I can send my neighbour." }],
          completions: [
            { text: "", model: "hh-chosen" },
            { text: "Sure, here is one.", model: "hh-rejected" },
          ],
        },
      });
      expect(parseLine("hh", { chosen: harmful, rejected: silent })).toMatchObject({
        ok: true,
        item: { completions: [{ text: "Sure, here is one." }, { text: "" }] },
      });
    });

    it("is written back exactly as it came (no space after the colon)", () => {
      const multiTurn = "\n\nHuman: Hi\n\nAssistant: Hello!\n\nHuman: Now help me stalk my ex.\n\nAssistant:";
      for (const transcript of [silent, multiTurn]) {
        const turns = parseHhTranscript(transcript)!;
        expect(turns[turns.length - 1]).toEqual({ role: "assistant", content: "" });
        expect(formatHhTranscript(turns)).toBe(transcript);
      }
    });

    it('takes "Assistant: " with a lone trailing space as empty too', () => {
      expect(parseLine("hh", { chosen: `${silent} `, rejected: harmful })).toMatchObject({
        ok: true,
        item: { completions: [{ text: "" }, { text: "Sure, here is one." }] },
      });
    });

    it("keeps an empty Assistant turn inside the conversation", () => {
      const earlier = "\n\nHuman: Hurt him for me.\n\nAssistant: \n\nHuman: Then just say hi.";
      const result = parseLine("hh", {
        chosen: `${earlier}\n\nAssistant: Hi!`,
        rejected: `${earlier}\n\nAssistant:`,
      });
      expect(result).toMatchObject({
        ok: true,
        item: {
          messages: [
            { content: "Hurt him for me." },
            { role: "assistant", content: "" },
            { content: "Then just say hi." },
          ],
        },
      });
      expect(formatHhTranscript(parseHhTranscript(`${earlier}\n\nAssistant: Hi!`)!)).toBe(
        `${earlier}\n\nAssistant: Hi!`,
      );
    });
  });

  it("exposes the split for exports", () => {
    expect(splitHhPair(chosen, rejected)).toMatchObject({
      ok: true,
      chosen: "Why did the chicken cross the road?",
      rejected: "No.",
    });
  });
});

describe("detectFormat", () => {
  it.each([
    [{ chosen: "", rejected: "" }, "hh"],
    [{ instruction: "", instances: [] }, "self-instruct"],
    [{ prompt: "", completions: [] }, "completions"],
    [{ messages: [] }, "openai-chat"],
    [{ prompt: "" }, "prompts"],
    [{ text: "" }, null],
    [[1, 2], null],
  ])("%j is %s", (value, format) => {
    expect(detectFormat(value)).toBe(format);
  });
});

// The real release, read as it is (../shared/data/self-instruct; see its README). A plain
// clone has no ../shared: these skip, and the fixtures below cover the same paths.
const selfInstruct = sharedData("self-instruct");
const dataDir = selfInstruct.dir;
const jsonl = (file: string, dir = dataDir) =>
  readFileSync(path.join(dir, file), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as unknown);

describe.skipIf(!selfInstruct.present)(`self-instruct (real files in ${dataDir})`, () => {
  it("reads every seed task as a demonstration prompt with its reference answer", () => {
    const tasks = jsonl("seed_tasks.jsonl");
    expect(tasks).toHaveLength(175);
    const items = tasks.map((t) => seedTaskToItem(t));
    expect(items.every((r) => r.ok)).toBe(true);
    const first = items[0]!;
    if (!first.ok) throw new Error("unreachable");
    expect(first.item.externalId).toBe("seed_task_0");
    expect(first.item.messages[0]!.content).toMatch(/^Is there anything I can eat for a breakfast/);
    expect(first.item.metadata).toMatchObject({
      source: "self-instruct",
      name: "breakfast_suggestion",
      is_classification: false,
    });
    expect(String(first.item.metadata.reference_output)).toMatch(/^Yes, you can have 1 oatmeal banana protein shake/);
  });

  it("joins the 252 user-oriented instructions with the 8 models' predictions line by line", () => {
    const tasks = jsonl("user_oriented_instructions.jsonl");
    const files = [
      "davinci",
      "text-davinci-001",
      "text-davinci-002",
      "text-davinci-003",
      "davinci-self-instruct",
      "davinci-superni-ft",
      "davinci-t0-ft",
      "davinci-self-instruct-and-superni-ft",
    ].map((model) => ({ model, lines: jsonl(`predictions/${model}_predictions.jsonl`) }));
    expect(tasks).toHaveLength(252);
    const items = tasks.map((task, i) =>
      joinPredictions(
        task,
        files.map((f) => ({ model: f.model, value: f.lines[i] })),
      ),
    );
    expect(items.every((r) => r.ok)).toBe(true);
    const first = items[0]!;
    if (!first.ok) throw new Error("unreachable");
    expect(first.item.externalId).toBe("user_oriented_task_0");
    expect(first.item.completions).toHaveLength(8);
    expect(first.item.completions.find((c) => c.model === "text-davinci-003")!.text).toBe(
      "Have questions about my rate? Need to adjust the scope of this project? Let me know.",
    );
    // Some models answered nothing on some lines (davinci-t0-ft on 48): those items rank the rest
    // and name the silent models.
    const short = items.filter((r) => r.ok && r.item.completions.length < 8);
    expect(short.length).toBeGreaterThanOrEqual(48);
    for (const r of short) {
      if (!r.ok) continue;
      const silent = r.item.metadata.empty_responses as string[];
      expect(r.item.completions).toHaveLength(8 - silent.length);
      expect(r.item.completions.some((c) => silent.includes(c.model!))).toBe(false);
    }
    expect(
      short.filter((r) => r.ok && (r.item.metadata.empty_responses as string[]).includes("davinci-t0-ft")),
    ).toHaveLength(48);
    const pair = joinPredictions(tasks[0], [
      { model: "davinci", value: files[0]!.lines[0] },
      { model: "text-davinci-003", value: files[3]!.lines[0] },
    ]);
    expect(pair).toMatchObject({ ok: true, item: { externalId: "user_oriented_task_0:davinci:text-davinci-003" } });
  });

  it("names models after their prediction files", () => {
    expect(modelFromPredictionFile("/x/predictions/text-davinci-003_predictions.jsonl")).toBe("text-davinci-003");
  });
});

if (!selfInstruct.present) {
  describe("self-instruct (real files)", () => {
    it.skip(selfInstruct.skipNote, () => {});
  });
}

// Our own files in the same formats and shapes (tests/fixtures): every parsing path runs in a
// plain clone too.
describe("fixtures (tests/fixtures)", () => {
  const fixture = (file: string) => jsonl(file, fixturesDir);

  it.each([
    ["hh.jsonl", "hh", 6],
    ["openai-chat.jsonl", "openai-chat", 5],
    ["prompts.jsonl", "prompts", 3],
    ["completions.jsonl", "completions", 3],
    ["self-instruct/seed_tasks.jsonl", "self-instruct", 3],
    ["self-instruct/user_oriented_instructions.jsonl", "self-instruct", 3],
  ] as const)("reads every line of %s as %s", (file, format, count) => {
    const lines = fixture(file);
    expect(lines).toHaveLength(count);
    expect(detectFormat(lines[0])).toBe(format);
    for (const [n, line] of lines.entries())
      expect(parseLine(format, line), `line ${n + 1}`).toMatchObject({ ok: true });
  });

  it("keeps the HH lines' empty final turns as empty completions and writes them back byte for byte", () => {
    const raw = readFileSync(path.join(fixturesDir, "hh.jsonl"), "utf8").split("\n").filter(Boolean);
    const items = raw.map((l) => parseLine("hh", JSON.parse(l)));
    const empty = items.flatMap((r) => (r.ok ? r.item.completions.filter((c) => c.text === "") : []));
    expect(empty.map((c) => c.model)).toEqual(["hh-chosen", "hh-chosen", "hh-rejected"]);
    for (const [n, line] of raw.entries()) {
      const { chosen, rejected } = JSON.parse(line) as { chosen: string; rejected: string };
      const result = items[n]!;
      if (!result.ok) throw new Error(result.reason);
      const [c, r] = result.item.completions;
      const transcript = (text: string) =>
        formatHhTranscript([...result.item.messages, { role: "assistant", content: text }]);
      expect(transcript(c!.text)).toBe(chosen);
      expect(transcript(r!.text)).toBe(rejected);
    }
  });

  it("keeps the empty openai-chat reply and the empty completion", () => {
    const chat = fixture("openai-chat.jsonl").map((l) => parseLine("openai-chat", l));
    expect(chat[2]).toMatchObject({ ok: true, item: { externalId: "chat-silent", completions: [{ text: "" }] } });
    expect(chat[1]).toMatchObject({ ok: true, item: { completions: [] } });
    // A tool call and its result stay in the prompt; the line's tools go to the item's metadata.
    expect(chat[4]).toMatchObject({
      ok: true,
      item: {
        externalId: "chat-tools",
        messages: [
          { role: "user" },
          { role: "assistant", content: "", tool_calls: [{ id: "call_w1" }] },
          { role: "tool" },
        ],
        completions: [{ text: "It is 18 °C and sunny in Paris." }],
        metadata: { tools: [{ function: { name: "get_weather" } }] },
      },
    });
    const completions = fixture("completions.jsonl").map((l) => parseLine("completions", l));
    expect(completions[1]).toMatchObject({ ok: true, item: { completions: [{ text: "", model: "model-a" }, {}] } });
  });

  it("joins the user-oriented instructions with each model's predictions line by line", () => {
    const dir = path.join(fixturesDir, "self-instruct");
    const tasks = fixture("self-instruct/user_oriented_instructions.jsonl");
    const files = readdirSync(path.join(dir, "predictions"))
      .sort()
      .map((name) => ({ model: modelFromPredictionFile(name), lines: jsonl(path.join("predictions", name), dir) }));
    expect(files.map((f) => f.model)).toEqual(["model-a", "model-b", "model-c"]);
    const items = tasks.map((task, i) =>
      joinPredictions(
        task,
        files.map((f) => ({ model: f.model, value: f.lines[i] })),
      ),
    );
    expect(items.every((r) => r.ok)).toBe(true);
    expect(items[0]).toMatchObject({
      ok: true,
      item: {
        externalId: "user_oriented_task_0",
        messages: [{ role: "user", content: "Rewrite the sentence to be more polite.\n\nSend me the report now." }],
        metadata: { source: "self-instruct", motivation_app: "Mail" },
      },
    });
    expect(items[0]!.ok && items[0]!.item.completions).toHaveLength(3);
    // model-b answered nothing on line 3: the item ranks the others and names it.
    expect(items[2]).toMatchObject({ ok: true, item: { metadata: { empty_responses: ["model-b"] } } });
    expect(items[2]!.ok && items[2]!.item.completions.map((c) => c.model)).toEqual(["model-a", "model-c"]);
  });
});

describe("gold answers on import lines", () => {
  const line = (gold: unknown, completions = ["one", "two", "three"]) =>
    parseLine("completions", { prompt: "Pick one", completions, gold });

  it("reads the expected best and ranking in letters, with the role and explanation", () => {
    const best = line({ best: "b", role: "qualification", explanation: " Two is right. " });
    expect(best.ok && best.item.gold).toEqual({
      best: 1,
      ranking: null,
      role: "qualification",
      explanation: "Two is right.",
    });
    const ranked = line({ ranking: "C > A = B", role: "attention" });
    expect(ranked.ok && ranked.item.gold).toEqual({
      best: 2,
      ranking: [[2], [0, 1]],
      role: "attention",
      explanation: null,
    });
    // A tie at the top has no single best.
    const tied = line({ ranking: "A = B > C" });
    expect(tied.ok && tied.item.gold).toMatchObject({ best: null, ranking: [[0, 1], [2]], role: null });
    // A demonstration's qualification item has no answer to give, only its role.
    const demo = parseLine("prompts", { prompt: "Write a haiku", gold: { role: "qualification" } });
    expect(demo.ok && demo.item.gold).toEqual({ best: null, ranking: null, role: "qualification", explanation: null });
  });

  it("refuses letters past the completions, a best off the top, bad rankings, roles and keys, and empty gold", () => {
    expect(reason(line({ best: "D" }))).toBe('gold.best: "D" is not a completion of this line');
    expect(reason(line({ best: "A", ranking: "B > A > C" }))).toBe(
      "gold: the expected best completion must be at the top of the expected ranking",
    );
    expect(reason(line({ ranking: "A > B" }))).toBe("gold.ranking: rank every completion (for example A > B = C)");
    expect(reason(line({ ranking: "A > A > B" }))).toBe("gold.ranking: A appears twice");
    expect(reason(line({ best: "AB" }))).toContain("gold.best");
    expect(reason(line({ role: "referee" }))).toContain("gold.role");
    expect(reason(line({ best: "A", answer: "A" }))).toContain("gold");
    expect(reason(line({}))).toBe('gold: give "best", "ranking" or "role"');
    // A check among completions without the answer to check against would never be served.
    expect(reason(line({ role: "attention", explanation: "Blue." }))).toBe(
      'gold: a check among completions needs "best" or "ranking" (without an expected answer it is never served)',
    );
    expect(reason(parseLine("prompts", { prompt: "Write", gold: { best: "A" } }))).toBe(
      'gold.best: "A" is not a completion of this line',
    );
  });
});
