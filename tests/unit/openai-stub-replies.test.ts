// The demo/test stand-in's canned "models": deterministic, seeded, of visibly different
// quality, and limited by max_tokens and stop sequences as the protocol says.
import { describe, expect, it } from "vitest";
import { countTokens, limitReply, STUB_MODELS, stubReply, topicWords } from "../../scripts/openai-stub/stub-replies";
import { chatCompletion } from "../../scripts/openai-stub/stub-server";

const PROMPT = "How should I store fresh basil so it stays green?";

describe("stub replies", () => {
  it("are the same for the same model, prompt, seed and choice, and change with the seed", () => {
    for (const model of STUB_MODELS) {
      expect(stubReply(model, PROMPT, 7)).toBe(stubReply(model, PROMPT, 7));
    }
    const bySeed = new Set([1, 2, 3, 4, 5, 6].map((seed) => stubReply("stub-careful", PROMPT, seed)));
    expect(bySeed.size).toBeGreaterThan(1);
    expect(stubReply("stub-careful", PROMPT, 1, 0)).not.toBe(stubReply("stub-careful", PROMPT, 1, 1));
  });

  it("talk about the prompt's own words, the careful one in ordered steps", () => {
    expect(topicWords(PROMPT)).toEqual(["store", "fresh", "basil", "stays", "green"]);
    const careful = stubReply("stub-careful", PROMPT, 1);
    expect(careful).toContain(PROMPT);
    expect(careful).toMatch(/1\. .*\n2\. .*\n3\. /);
    expect(stubReply("stub-terse", PROMPT, 1).toLowerCase()).toContain("store");
  });

  it("differ visibly: terse is one short sentence, rambling several times the careful answer", () => {
    const length = (model: (typeof STUB_MODELS)[number]) => countTokens(stubReply(model, PROMPT, 1));
    expect(length("stub-terse")).toBeLessThan(10);
    expect(length("stub-careful")).toBeGreaterThan(40);
    expect(length("stub-rambling")).toBeGreaterThan(length("stub-careful") * 1.3);
  });
});

describe("limitReply", () => {
  it("cuts after max_tokens tokens with finish_reason length, and not otherwise", () => {
    expect(limitReply("one two, three four", 3, [])).toEqual({ text: "one two,", finishReason: "length" });
    expect(limitReply("one two", 2, [])).toEqual({ text: "one two", finishReason: "stop" });
    expect(limitReply("one two", null, [])).toEqual({ text: "one two", finishReason: "stop" });
  });

  it("stops before the first stop sequence", () => {
    expect(limitReply("Answer.\n\nUser: more", null, ["\n\nUser:"])).toEqual({ text: "Answer.", finishReason: "stop" });
  });
});

describe("chatCompletion", () => {
  it("answers the protocol's shape with usage, and 404 for a model it does not serve", () => {
    const answer = chatCompletion({
      model: "stub-terse",
      messages: [{ role: "user", content: PROMPT }],
      max_tokens: 2,
      seed: 1,
    });
    expect(answer.status).toBe(200);
    const json = answer.json as {
      object: string;
      choices: { message: { role: string; content: string }; finish_reason: string }[];
      usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
    };
    expect(json.object).toBe("chat.completion");
    expect(json.choices[0]!.finish_reason).toBe("length");
    expect(json.usage.completion_tokens).toBe(2);
    expect(json.usage.total_tokens).toBe(json.usage.prompt_tokens + 2);
    const unknown = chatCompletion({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });
    expect(unknown.status).toBe(404);
    expect(JSON.stringify(unknown.json)).toContain("model_not_found");
  });
});
