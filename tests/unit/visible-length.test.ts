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

// What visibleLength must equal: Intl.Segmenter over the whole text at once (fine for short
// texts; Node 20's segmenter is quadratic on long ones, which is why visibleLength walks pieces).
function reference(text: string): number {
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map((s) =>
    s.segment.replace(/(?![\t\n\v\f\r])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu, ""),
  );
  const kept = graphemes.filter(Boolean);
  let start = 0;
  let end = kept.length;
  while (start < end && /^\s+$/u.test(kept[start]!)) start += 1;
  while (end > start && /^\s+$/u.test(kept[end - 1]!)) end -= 1;
  return end - start;
}

describe("visibleLength agrees with whole-text segmentation", () => {
  // Pieces that stress cluster boundaries: CR LF, combining marks after ASCII, ZWJ sequences,
  // skin tones and flags (surrogate pairs), Hangul jamo, an Indic conjunct, a prepended sign,
  // keycaps, tags, invisible and control characters.
  const alphabet = [
    "a",
    "Z",
    " ",
    "\t",
    "\r",
    "\n",
    "\r\n",
    ".",
    "\u0000",
    "\u007f",
    "\u200b",
    "\u200d",
    "\u200c",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u0301",
    "\u0308",
    "e\u0301",
    "👨",
    "👩",
    "👧",
    "🏽",
    "👍",
    "🇯",
    "🇵",
    "🇫",
    "🇷",
    "1",
    "\ufe0f",
    "\u20e3",
    "🏴",
    "\u{e0067}",
    "\u{e007f}",
    "\u1100",
    "\u1161",
    "\u11a8",
    "\uac00",
    "日",
    "本",
    "\u0915",
    "\u094d",
    "\u0937",
    "\u0600",
    "\u0663",
    "\u0e01",
    "\u0e33",
    "\u3164",
    "\u00a0",
    "\u3000",
  ];
  let seed = 42;
  const random = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };

  it("on 3,000 random texts, whatever the piece length", () => {
    for (let round = 0; round < 3_000; round += 1) {
      const text = Array.from({ length: 1 + random(40) }, () => alphabet[random(alphabet.length)]).join("");
      const expected = reference(text);
      for (const piece of [1, 2, 3, 5, 8, 256]) {
        expect(visibleLength(text, piece), `${JSON.stringify(text)} in pieces of ${piece}`).toBe(expected);
      }
    }
  });

  // Each would take minutes if the count were quadratic: completing is the assertion.
  it.each([
    ["a million ASCII characters", "Lorem ipsum dolor sit amet. ".repeat(40_000), 1_120_000 - 1],
    ["300,000 CJK characters without a space", "日本語のテキスト".repeat(37_500), 300_000],
    ["100,000 emoji with skin tones", "👍🏽".repeat(100_000), 100_000],
    ["one letter with 200,000 combining marks", `a${"\u0301".repeat(200_000)}`, 1],
    ["200,000 zero-width spaces", "\u200b".repeat(200_000), 0],
  ])("counts %s", (_what, text, count) => {
    expect(visibleLength(text)).toBe(count);
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
