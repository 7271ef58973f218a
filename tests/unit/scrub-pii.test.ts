// PII scrubbing of production feedback (lib/domain/feedback/scrub-pii.ts) on known strings,
// and the ordinary text it must leave alone.
import { describe, expect, it } from "vitest";
import {
  luhnValid,
  makeScrubber,
  scrubJson,
  scrubPatternProblem,
  type ScrubCounts,
} from "@/lib/domain/feedback/scrub-pii";

const all = makeScrubber({ scrub: {}, patterns: [] });

function scrub(text: string, scrubber = all) {
  const counts: ScrubCounts = {};
  return { text: scrubber.text(text, counts), counts };
}

describe("luhnValid", () => {
  it("accepts the published test card numbers and refuses a changed digit", () => {
    // Visa, Mastercard, Amex, Discover test numbers (payment processors' documentation).
    for (const n of ["4111111111111111", "5555555555554444", "378282246310005", "6011111111111117", "4012888888881881"])
      expect(luhnValid(n), n).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
    expect(luhnValid("79927398713")).toBe(true); // Luhn's own worked example
    expect(luhnValid("79927398710")).toBe(false);
  });
});

describe("the built-in kinds", () => {
  it("replaces e-mail addresses", () => {
    expect(scrub("Write to jane.doe+rlhf@example.co.uk or BOB@Mail.Example.ORG.")).toEqual({
      text: "Write to [EMAIL] or [EMAIL].",
      counts: { email: 2 },
    });
  });

  it("replaces phone numbers in international and US formats", () => {
    const cases: [string, string][] = [
      ["Call +44 20 7946 0958 today", "Call [PHONE] today"],
      ["Call +1 (555) 123-4567.", "Call [PHONE]."],
      ["Ring +33 1 23 45 67 89", "Ring [PHONE]"],
      ["Ring +49-30-1234567", "Ring [PHONE]"],
      ["my number is (555) 123-4567", "my number is [PHONE]"],
      ["my number is 555-123-4567", "my number is [PHONE]"],
      ["my number is 555.123.4567", "my number is [PHONE]"],
      ["my number is 1-555-123-4567", "my number is [PHONE]"],
      ["my number is 555 123 4567!", "my number is [PHONE]!"],
    ];
    for (const [input, output] of cases) expect(scrub(input), input).toEqual({ text: output, counts: { phone: 1 } });
  });

  it("replaces Luhn-valid card numbers with spaces, dashes or none, and leaves others", () => {
    expect(scrub("card 4111 1111 1111 1111, exp 12/27").text).toBe("card [CARD], exp 12/27");
    expect(scrub("card 5555-5555-5555-4444").text).toBe("card [CARD]");
    expect(scrub("amex 378282246310005").counts).toEqual({ card: 1 });
    // One digit changed: fails Luhn, so not a card (and not a phone either).
    expect(scrub("card 4111 1111 1111 1112")).toEqual({ text: "card 4111 1111 1111 1112", counts: {} });
  });

  it("replaces IPv4 and IPv6 addresses", () => {
    expect(scrub("from 192.168.1.20 and 10.0.0.1:8080")).toEqual({
      text: "from [IP] and [IP]:8080",
      counts: { ip: 2 },
    });
    expect(scrub("v6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 and fe80::1ff:fe23:4567:890a, ::1").text).toBe(
      "v6 [IP] and [IP], [IP]",
    );
    expect(scrub("mapped ::ffff:192.0.2.128 here").text).toBe("mapped [IP] here");
  });

  it("counts every kind in one text", () => {
    expect(scrub("a@b.io, +44 20 7946 0958, 4111111111111111, 8.8.8.8, a@b.io").counts).toEqual({
      email: 2,
      phone: 1,
      card: 1,
      ip: 1,
    });
  });
});

describe("ordinary text is left alone", () => {
  it("keeps dates, times, years, versions, order ids, amounts and code", () => {
    const untouched = [
      "On 2024-01-15 at 10:30:00 we shipped.",
      "Timestamp 2024-01-15T10:30:00.123Z, offset +05:30.",
      "Dates 12/31/2024 and 31.12.2024, the year 1999, the 1990s.",
      "Upgrade to v1.2.3 or 1.2.3, or version 10.4.2; v1.2.3.4 too; 1.2.3.4.5 is an OID.",
      "Order ORD-555-123-4567 and #555-123-4567 and id 20240115103000.",
      "Unix time 1706745600 or 1706745600123 ms.",
      "It costs $1,234,567.89 or 1 000 000 EUR; pi is 3.14159265358979.",
      "ISBN 978-3-16-148410-0; ticket JIRA-12345; sha 4f2a9c1e.",
      "In C++, std::vector<int> and Foo::bar; in Haskell f :: Int -> Int.",
      "MAC 00:1a:2b:3c:4d:5e; time 12:30:45; ratio 16:9.",
      "Account number 1234567890123 (fails Luhn).",
      "Score +5 points, temperature -3.5, +1 vote.",
    ];
    for (const text of untouched) expect(scrub(text), text).toEqual({ text, counts: {} });
  });
});

describe("project settings", () => {
  it("turns kinds off and adds the project's own patterns, counted under their names", () => {
    const scrubber = makeScrubber({
      scrub: { email: false, ip: false },
      patterns: [{ name: "order_id", pattern: "ORD-\\d{6}" }],
    });
    expect(scrub("mail a@b.io from 1.2.3.4 about ORD-123456 and ORD-654321", scrubber)).toEqual({
      text: "mail a@b.io from 1.2.3.4 about [ORDER_ID] and [ORDER_ID]",
      counts: { order_id: 2 },
    });
  });

  it("scrubs every string of a JSON value, keeping its keys", () => {
    const counts: ScrubCounts = {};
    expect(scrubJson({ "a@b.io": ["x 8.8.8.8", 3, { deep: "c@d.io" }], n: null }, all, counts)).toEqual({
      "a@b.io": ["x [IP]", 3, { deep: "[EMAIL]" }],
      n: null,
    });
    expect(counts).toEqual({ ip: 1, email: 1 });
  });
});

describe("scrubPatternProblem", () => {
  it("accepts ordinary patterns", () => {
    for (const p of ["ORD-\\d{6}", "[A-Z]{2}\\d{6}", "(?:acct|account) #?\\d+", "\\bsecret-[a-z0-9]{8}\\b", "(ab)?c"])
      expect(scrubPatternProblem(p), p).toBeNull();
  });

  it("refuses patterns that do not compile, match nothing or can backtrack exponentially", () => {
    expect(scrubPatternProblem("(unclosed")).toMatch(/not a valid regular expression/);
    expect(scrubPatternProblem("a*")).toBe("the pattern matches the empty text");
    expect(scrubPatternProblem("x".repeat(501))).toMatch(/longer than 500/);
    for (const p of ["(a+)+b", "(\\w*x?)*y", "(a|aa)+z", "(?:x{2,})+y", "((ab)*c)+d"])
      expect(scrubPatternProblem(p), p).toMatch(/exponential time/);
    expect(scrubPatternProblem("(a)x\\1")).toMatch(/backreferences/);
  });

  it("leaves a refused pattern out of the scrubber rather than running it", () => {
    const scrubber = makeScrubber({ scrub: {}, patterns: [{ name: "evil", pattern: "(a+)+b" }] });
    const started = performance.now();
    expect(scrub(`${"a".repeat(40)}c`, scrubber).counts).toEqual({});
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe("the settings schema", () => {
  it("refuses a dangerous or broken pattern when the settings are saved", async () => {
    const { feedbackSettingsSchema } = await import("@/lib/validation/feedback-settings");
    const parse = (pattern: string) => feedbackSettingsSchema.safeParse({ patterns: [{ name: "p", pattern }] });
    expect(parse("ORD-\\d{6}").success).toBe(true);
    const bad = parse("(a+)+b");
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.message).toMatch(/exponential time/);
    expect(parse("(").success).toBe(false);
  });
});
