import { describe, expect, it } from "vitest";
import { DEFAULT_JUDGE_TEMPLATE, renderJudgePrompt } from "@/lib/domain/judges/template";
import { parseVerdict } from "@/lib/domain/judges/verdict";
import { stubJudgeReply } from "../../scripts/openai-stub/stub-judge";
import { chatCompletion } from "../../scripts/openai-stub/stub-server";

const prompt = (replies: string[]) =>
  renderJudgePrompt(DEFAULT_JUDGE_TEMPLATE, { messages: [{ role: "user", content: "Explain tides." }], replies });

describe("the stub's judges", () => {
  it("judge-good prefers the longer reply in either order, with a rationale", () => {
    const short = "The moon.";
    const long = "The moon's gravity pulls the oceans, making two bulges.";
    expect(parseVerdict(stubJudgeReply("judge-good", prompt([short, long])), 2)).toMatchObject({
      ok: true,
      verdict: "B",
    });
    expect(parseVerdict(stubJudgeReply("judge-good", prompt([long, short])), 2)).toMatchObject({
      ok: true,
      verdict: "A",
    });
    expect(stubJudgeReply("judge-good", prompt([short, long]))).toMatch(/^Reply B is the most detailed/);
    expect(parseVerdict(stubJudgeReply("judge-good", prompt(["ab", "abcd", "abc"])), 3)).toMatchObject({
      ranking: [["B"], ["C"], ["A"]],
    });
    expect(parseVerdict(stubJudgeReply("judge-good", prompt(["same", "same"])), 2)).toMatchObject({ verdict: "tie" });
  });

  it("judge-malformed has no verdict, judge-position always says A, judge-unsure is unsure", () => {
    expect(parseVerdict(stubJudgeReply("judge-malformed", prompt(["a", "bb"])), 2)).toMatchObject({ ok: false });
    expect(parseVerdict(stubJudgeReply("judge-position", prompt(["a", "bb"])), 2)).toMatchObject({ verdict: "A" });
    expect(parseVerdict(stubJudgeReply("judge-position", prompt(["a", "bb", "c"])), 3)).toMatchObject({
      verdict: "A>B>C",
    });
    expect(parseVerdict(stubJudgeReply("judge-unsure", prompt(["a", "bb"])), 2)).toMatchObject({ unsure: true });
  });

  it("serves the judges as chat completions next to the other models", () => {
    const answer = chatCompletion({ model: "judge-good", messages: [{ role: "user", content: prompt(["a", "bb"]) }] });
    expect(answer.status).toBe(200);
    expect((answer.json as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toMatch(
      /\[\[B\]\]$/,
    );
    expect(chatCompletion({ model: "judge-nope", messages: [{ role: "user", content: "x" }] }).status).toBe(404);
  });
});
