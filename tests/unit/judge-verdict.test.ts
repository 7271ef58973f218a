import { describe, expect, it } from "vitest";
import { combineOrders, swappedOrder } from "@/lib/domain/judges/combine";
import { auditDraw, targetOverlapFor } from "@/lib/domain/judges/routing";
import { DEFAULT_JUDGE_TEMPLATE, renderJudgePrompt, templateProblem } from "@/lib/domain/judges/template";
import { parseVerdict, rankingToIds } from "@/lib/domain/judges/verdict";

describe("parseVerdict", () => {
  it("reads a pair's winner, the rationale before it, and puts the other reply second", () => {
    const parsed = parseVerdict("Reply B cites the source and answers both parts.\n\n[[B]]", 2);
    expect(parsed).toEqual({
      ok: true,
      ranking: [["B"], ["A"]],
      unsure: false,
      rationale: "Reply B cites the source and answers both parts.",
      verdict: "B",
    });
  });

  it("reads a tie, unsure, lowercase letters and spaces inside the brackets", () => {
    expect(parseVerdict("Same.\n[[tie]]", 2)).toMatchObject({ ok: true, ranking: [["A", "B"]], unsure: false });
    expect(parseVerdict("Hard to say.\n[[Unsure]]", 2)).toMatchObject({ ok: true, ranking: null, unsure: true });
    expect(parseVerdict("fine\n[[a]]", 2)).toMatchObject({ ok: true, ranking: [["A"], ["B"]], verdict: "A" });
    expect(parseVerdict("[[ b > a = c ]]", 3)).toMatchObject({ ok: true, ranking: [["B"], ["A", "C"]] });
  });

  it("reads rankings with ties, and a verdict repeated identically", () => {
    expect(parseVerdict("x [[B>A>C]]", 3)).toMatchObject({ ok: true, ranking: [["B"], ["A"], ["C"]] });
    expect(parseVerdict("x [[C=B>A>D]]", 4)).toMatchObject({ ok: true, ranking: [["C", "B"], ["A"], ["D"]] });
    expect(parseVerdict("I pick [[A]].\nFinal verdict: [[A]]", 2)).toMatchObject({ ok: true, verdict: "A" });
  });

  it("records a missing verdict as such, with the text as rationale", () => {
    expect(parseVerdict("Both replies are fine, A is shorter.", 2)).toEqual({
      ok: false,
      error: "no verdict: the answer has no [[...]] verdict line",
      rationale: "Both replies are fine, A is shorter.",
    });
    // Brackets that are not a verdict do not count.
    expect(parseVerdict("See [[the guidelines]] for details.", 2)).toMatchObject({ ok: false, error: /no verdict/ });
  });

  it("refuses two different verdicts instead of picking one", () => {
    const parsed = parseVerdict("At first [[A]], but on reflection [[B]]", 2);
    expect(parsed).toMatchObject({
      ok: false,
      error: "more than one verdict ([[A]], [[B]]): not guessing which one counts",
    });
  });

  it("refuses unknown letters, repeated letters and incomplete rankings", () => {
    expect(parseVerdict("[[C]]", 2)).toMatchObject({
      ok: false,
      error: "unknown reply C in [[C]]: the replies are A, B",
    });
    expect(parseVerdict("[[A>A>B]]", 3)).toMatchObject({ ok: false, error: "reply A appears twice in [[A>A>B]]" });
    expect(parseVerdict("[[B>A]]", 3)).toMatchObject({
      ok: false,
      error: "[[B>A]] leaves out reply C: a ranking orders every reply",
    });
    expect(parseVerdict("[[A]]", 3)).toMatchObject({ ok: false, error: /leaves out reply B, C/ });
  });

  it("maps letters back to completion ids through the order shown", () => {
    expect(rankingToIds([["B"], ["A", "C"]], ["x", "y", "z"])).toEqual([["y"], ["x", "z"]]);
  });
});

describe("combineOrders", () => {
  const answer = (ranking: string[][] | null, unsure = false) => ({ ranking, unsure, rationale: "why" });

  it("is consistent when both orders give the same ranking (tie groups in any order)", () => {
    expect(combineOrders(answer([["x"], ["y"]]), answer([["x"], ["y"]]))).toEqual({
      ranking: [["x"], ["y"]],
      consistent: true,
      unsure: false,
      rationale: "why",
    });
    expect(combineOrders(answer([["x", "y"]]), answer([["y", "x"]])).consistent).toBe(true);
  });

  it("has no ranking when the orders contradict each other, one is unsure, or one is unparsed", () => {
    // A position-biased judge: "A" both times is x first, then y first.
    expect(combineOrders(answer([["x"], ["y"]]), answer([["y"], ["x"]]))).toMatchObject({
      ranking: null,
      consistent: false,
      unsure: false,
    });
    expect(combineOrders(answer([["x"], ["y"]]), answer(null, true))).toMatchObject({ ranking: null, unsure: true });
    expect(combineOrders(answer([["x"], ["y"]]), answer(null))).toMatchObject({ ranking: null, consistent: false });
    expect(combineOrders(answer([["x"], ["y"]]), null)).toMatchObject({ consistent: false });
  });

  it("swaps by reversing the item's order", () => {
    expect(swappedOrder(["a", "b"])).toEqual(["b", "a"]);
    expect(swappedOrder(["a", "b", "c"])).toEqual(["c", "b", "a"]);
  });
});

describe("routing", () => {
  it("keeps full overlap for inconsistent or unsure verdicts", () => {
    expect(targetOverlapFor({ consistent: false, unsure: false }, "i", "j", 1)).toBeNull();
    expect(targetOverlapFor({ consistent: true, unsure: true }, "i", "j", 1)).toBeNull();
  });

  it("audits consistent verdicts at the rate, deterministically", () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    const judge = "11111111-2222-4333-8444-555555555555";
    const audited = ids.filter((id) => targetOverlapFor({ consistent: true, unsure: false }, id, judge, 0.25) === 1);
    // 4000 draws at p = 0.25: 1000 ± 3 standard deviations (about 82).
    expect(audited.length).toBeGreaterThan(918);
    expect(audited.length).toBeLessThan(1082);
    expect(ids.map((id) => auditDraw(id, judge))).toEqual(ids.map((id) => auditDraw(id, judge)));
    expect(targetOverlapFor({ consistent: true, unsure: false }, ids[0]!, judge, 0)).toBe(0);
    expect(targetOverlapFor({ consistent: true, unsure: false }, ids[0]!, judge, 1)).toBe(1);
    for (const id of ids.slice(0, 100)) expect(auditDraw(id, judge)).toBeGreaterThanOrEqual(0);
  });
});

describe("judge prompt templates", () => {
  it("renders the conversation and the replies in the order given, with the pair format", () => {
    const prompt = renderJudgePrompt(DEFAULT_JUDGE_TEMPLATE, {
      messages: [{ role: "user", content: "What is 2+2?" }],
      replies: ["Four.", "It is {{replies}} 4"],
    });
    expect(prompt).toContain("[User]\nWhat is 2+2?");
    expect(prompt).toContain("[The Start of Reply A]\nFour.\n[The End of Reply A]");
    // A reply's own braces are text, not a placeholder.
    expect(prompt).toContain("[The Start of Reply B]\nIt is {{replies}} 4\n[The End of Reply B]");
    expect(prompt).toContain('"[[A]]" if reply A is better');
    expect(prompt).toContain('"[[unsure]]"');
    expect(prompt).toContain("two replies, A and B");
    expect(prompt).not.toMatch(/\{\{(conversation|letters|verdict_format)\}\}/);
  });

  it("asks rankings for every letter with > and =", () => {
    const prompt = renderJudgePrompt(DEFAULT_JUDGE_TEMPLATE, {
      messages: [{ role: "user", content: "q" }],
      replies: ["a", "b", "c"],
    });
    expect(prompt).toContain("3 replies, A, B and C");
    expect(prompt).toContain('"[[C>B>A]]"');
    expect(prompt).toContain('"[[A=B>C]]"');
  });

  it("checks templates: the conversation and replies are required, unknown placeholders refused", () => {
    expect(templateProblem(DEFAULT_JUDGE_TEMPLATE)).toBeNull();
    expect(templateProblem("{{replies}}")).toBe("the template must contain {{conversation}}");
    expect(templateProblem("{{conversation}} {{reply_a}} {{replies}}")).toMatch(/unknown placeholder \{\{reply_a\}\}/);
  });
});

describe("the Judges tab", () => {
  it("is there for comparison and ranking projects only", async () => {
    const { projectTabsFor } = await import("@/lib/domain/project-tabs");
    expect(projectTabsFor("comparison")).toContain("judges");
    expect(projectTabsFor("ranking")).toContain("judges");
    expect(projectTabsFor("demonstration")).not.toContain("judges");
    expect(projectTabsFor("conversation")).not.toContain("judges");
  });
});
