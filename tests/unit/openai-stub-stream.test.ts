// The stub's streamed answers are OpenAI's chunk sequence for the same completion: role first,
// content in slices that join to the reply, tool call arguments in fragments, choices
// interleaved, one finish chunk per choice, then usage. And stub-tools calls the request's tool.
import { describe, expect, it } from "vitest";
import { completionChunks, contentPieces, type StubCompletion } from "../../scripts/openai-stub/stub-stream";
import { chatCompletion } from "../../scripts/openai-stub/stub-server";

type Chunk = {
  object: string;
  usage?: unknown;
  choices: { index: number; delta: Record<string, unknown>; finish_reason: string | null }[];
};

const PROMPT = "How should I store fresh basil so it stays green?";
const TOOL = {
  type: "function",
  function: { name: "lookup", parameters: { type: "object", properties: { query: { type: "string" } } } },
};

function completion(body: Record<string, unknown>): StubCompletion {
  const answer = chatCompletion({ messages: [{ role: "user", content: PROMPT }], seed: 1, ...body });
  expect(answer.status).toBe(200);
  return answer.json as StubCompletion;
}

describe("contentPieces", () => {
  it("cuts text into slices of three words that join back exactly, whitespace included", () => {
    expect(contentPieces("one two three four five\n\nsix  seven")).toEqual([
      "one two three ",
      "four five\n\nsix  ",
      "seven",
    ]);
    expect(contentPieces("")).toEqual([]);
    expect(contentPieces("  lead")).toEqual(["  lead"]);
  });
});

describe("completionChunks", () => {
  it("sends role, interleaved deltas, finish reasons and then usage, as OpenAI does", () => {
    const full = completion({ model: "stub-careful", n: 2 });
    const { chunks, firstTokenAt } = completionChunks(full, true) as { chunks: Chunk[]; firstTokenAt: number };
    expect(firstTokenAt).toBe(2);
    expect(chunks.every((c) => c.object === "chat.completion.chunk")).toBe(true);
    expect(chunks.slice(0, 2).map((c) => c.choices[0])).toEqual([
      { index: 0, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null },
      { index: 1, delta: { role: "assistant", content: "", refusal: null }, logprobs: null, finish_reason: null },
    ]);
    expect(chunks.slice(2, 4).map((c) => c.choices[0]!.index)).toEqual([0, 1]);
    for (const index of [0, 1]) {
      const text = chunks
        .flatMap((c) => c.choices)
        .filter((c) => c.index === index)
        .map((c) => (c.delta.content as string | undefined) ?? "")
        .join("");
      expect(text).toBe(full.choices[index]!.message.content);
    }
    const usage = chunks.at(-1)!;
    expect(usage).toMatchObject({ choices: [], usage: full.usage });
    expect(chunks.slice(0, -1).every((c) => c.usage === null && c.choices.length === 1)).toBe(true);
    expect(chunks.slice(-3, -1).map((c) => c.choices[0])).toEqual([
      { index: 0, delta: {}, logprobs: null, finish_reason: "stop" },
      { index: 1, delta: {}, logprobs: null, finish_reason: "stop" },
    ]);
    // Without include_usage: no usage chunk, no usage field.
    const plain = completionChunks(full, false).chunks as Chunk[];
    expect(plain).toHaveLength(chunks.length - 1);
    expect(plain.some((c) => "usage" in c)).toBe(false);
  });

  it("streams a tool call as its id and name, then its arguments in fragments", () => {
    const full = completion({ model: "stub-tools", tools: [TOOL] });
    const call = full.choices[0]!.message.tool_calls![0]!;
    expect(full.choices[0]).toMatchObject({ finish_reason: "tool_calls", message: { content: null } });
    expect(JSON.parse(call.function.arguments)).toEqual({ query: "store fresh basil" });
    const chunks = completionChunks(full, false).chunks as Chunk[];
    const fragments = chunks.flatMap((c) => (c.choices[0]?.delta.tool_calls as object[] | undefined) ?? []);
    expect(fragments[0]).toEqual({
      index: 0,
      id: call.id,
      type: "function",
      function: { name: "lookup", arguments: "" },
    });
    const rest = fragments.slice(1) as { index: number; function: { arguments: string } }[];
    expect(rest.length).toBeGreaterThan(2);
    expect(rest.every((f) => f.index === 0 && !("id" in f))).toBe(true);
    expect(rest.map((f) => f.function.arguments).join("")).toBe(call.function.arguments);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe("tool_calls");
  });
});

describe("stub-tools", () => {
  it("answers a tool's result with text that quotes it, and plain text without tools", () => {
    const first = completion({ model: "stub-tools", tools: [TOOL] }).choices[0]!.message.tool_calls![0]!;
    const answer = chatCompletion({
      model: "stub-tools",
      tools: [TOOL],
      messages: [
        { role: "user", content: PROMPT },
        { role: "assistant", content: null, tool_calls: [first] },
        { role: "tool", tool_call_id: first.id, content: "Keep it in water,\n  like flowers." },
      ],
    }).json as StubCompletion;
    expect(answer.choices[0]).toMatchObject({
      finish_reason: "stop",
      message: {
        content:
          'The lookup tool says: "Keep it in water, like flowers.". That is the answer, from the tool\'s result.',
      },
    });
    const plain = completion({ model: "stub-tools" }).choices[0]!;
    expect(plain).toMatchObject({ finish_reason: "stop" });
    expect(plain.message.content).toBe("Without a tool I can only say this about store: I would look it up.");
  });
});
