import { describe, expect, it } from "vitest";
import { checkAnswer, type TaskContext } from "@/lib/domain/answers";
import { visibleLength } from "@/lib/domain/visible-length";

const ZWSP = "\u200b";

describe("visibleLength", () => {
  it.each([
    ["", 0],
    ["   \n\t ", 0],
    ["ok", 2],
    ["  two words  ", 9],
    ["line one\nline two", 17],
    ["héllo", 5],
    // One grapheme each: a family (emoji joined by ZWJ), a flag, a skin tone, a keycap.
    ["👨‍👩‍👧‍👦", 1],
    ["🇯🇵", 1],
    ["👍🏽", 1],
    ["1️⃣", 1],
    ["🏴󠁧󠁢󠁳󠁣󠁴󠁿", 1],
    // Combining marks belong to their letter: "e" + acute is one character, as is "é".
    ["e\u0301", 1],
    ["Z\u0351\u0352\u0353\u0354\u0355\u0356\u0357\u0358\u0359\u035a", 1],
    ["日本語のテキスト", 8],
  ])("%j counts %i", (text, count) => {
    expect(visibleLength(text)).toBe(count);
  });

  it.each([
    ["zero-width spaces", `ok${ZWSP.repeat(60)}`],
    ["zero-width spaces between letters", `o${ZWSP.repeat(30)}k${ZWSP.repeat(30)}`],
    ["zero-width joiners and non-joiners", `ok${"\u200c\u200d".repeat(30)}`],
    ["word joiners and byte-order marks", `ok${"\u2060\ufeff".repeat(30)}`],
    ["soft hyphens and bidi marks", `ok${"\u00ad\u200e\u200f\u202a\u202c\u2066\u2069".repeat(10)}`],
    ["control characters", `ok${"\u0000\u0001\u0007\u001b\u007f\u0085".repeat(10)}`],
    ["variation selectors and tag characters", `ok${"\ufe0f\u{e0041}".repeat(30)}`],
    ["a combining grapheme joiner and Hangul fillers", `ok${"\u034f\u3164\u115f".repeat(20)}`],
    ["invisible padding around spaces", `${ZWSP} ok ${ZWSP}${" ".repeat(3)}${ZWSP}`],
  ])("does not count %s", (_what, text) => {
    expect(visibleLength(text)).toBe(2);
  });
});

describe("checkAnswer counts visible characters against the minimum", () => {
  const demo: TaskContext = {
    kind: "demonstration",
    completionIds: [],
    likertEnabled: false,
    allowedFlags: [],
    minDemoLength: 50,
  };
  const problems = (text: string) => {
    const result = checkAnswer(demo, { text });
    return result.ok ? [] : result.problems;
  };

  it('refuses "ok" padded with 60 zero-width spaces under a 50-character minimum', () => {
    expect(problems(`ok${ZWSP.repeat(60)}`)).toEqual(["text: at least 50 characters (now 2)"]);
  });

  it("refuses a reply of invisible characters only as empty", () => {
    expect(problems(ZWSP.repeat(80))).toEqual(["text: write the reply before submitting"]);
  });

  it("counts a reply of 50 emoji as 50, however many code units they take", () => {
    expect(problems("👨‍👩‍👧‍👦".repeat(49))).toEqual(["text: at least 50 characters (now 49)"]);
    expect(problems("👨‍👩‍👧‍👦".repeat(50))).toEqual([]);
  });
});
