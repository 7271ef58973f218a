// PII scrubbing of production feedback (docs/FEEDBACK.md, "Scrubbing and consent"): e-mail
// addresses, phone numbers, card numbers and IP addresses are replaced by [EMAIL], [PHONE],
// [CARD] and [IP] before anything is stored; a project's own patterns by [NAME]. The number of
// replacements per kind is kept with the event. Each detector prefers a missed oddity to eating
// ordinary text: dates, times, years, version numbers and order ids stay as they are.

export type BuiltInKind = "email" | "phone" | "card" | "ip";

/** Replacements made, per kind (built-in or a project pattern's name); kinds with none are absent. */
export type ScrubCounts = Record<string, number>;

interface Detector {
  kind: string;
  token: string;
  regex: RegExp;
  /** A match that is not what it looks like (a card number failing Luhn) is left alone. */
  accept?: (match: string) => boolean;
  /** A cheap test a text must pass to be worth the regex: most texts have no "@" at all. */
  hint?: RegExp;
}

const DIGIT = /\d/;

const EMAIL =
  /(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])/g;

// 13 to 19 digits starting as card numbers do (2 to 6: Mastercard, Amex, Visa, Discover ...;
// a millisecond timestamp starts with 1), optionally grouped by spaces or dashes; kept only
// when Luhn-valid.
const CARD = /(?<![\w.-])[2-6](?:[ -]?\d){12,18}(?![\w-]|[.,]\d)/g;

const V4_PART = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const V4 = `${V4_PART}(?:\\.${V4_PART}){3}`;
// Not after "v" (v1.2.3.4) nor inside a longer dotted run (1.2.3.4.5: a version or an OID).
const IPV4 = new RegExp(`(?<![\\w.])(?<![vV])${V4}(?![\\w]|\\.\\d)`, "g");

const H = "[0-9A-Fa-f]{1,4}";
// The RFC 4291 text forms: full, compressed (::) in any position, and IPv4-mapped tails. The
// bare "::" is not matched (C++'s std::, Haskell's type signatures).
const IPV6_FORMS = [
  `(?:${H}:){7}${H}`,
  `(?:${H}:){1,7}:`,
  `(?:${H}:){1,6}:${H}`,
  `(?:${H}:){1,5}(?::${H}){1,2}`,
  `(?:${H}:){1,4}(?::${H}){1,3}`,
  `(?:${H}:){1,3}(?::${H}){1,4}`,
  `(?:${H}:){1,2}(?::${H}){1,5}`,
  `${H}:(?::${H}){1,6}`,
  `::(?:${H}:){0,5}${H}`,
  `::ffff:${V4}`,
  `(?:${H}:){1,4}:${V4}`,
];
const IPV6 = new RegExp(`(?<![\\w:.])(?:${IPV6_FORMS.map((f) => `(?:${f})`).join("|")})(?![\\w:]|\\.\\d)`, "g");

// International: "+" then 8 to 15 digits (E.164) in groups. US/NANP: (555) 123-4567,
// 555-123-4567, 555.123.4567, 555 123 4567: the groups must be separated (the same separator
// throughout), so a bare run of digits (an order id, a timestamp) is never a phone number. Not
// after "-", "#", "/" or a word character (ORD-555-123-4567, #555-123-4567, a path).
const PHONE_INTL = /(?<![\w+#/-])\+\d{1,3}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]?\d{1,5}){2,6}(?![\w-]|[.]\d)/g;
const PHONE_US =
  /(?<![\w#/+-])(?:1[-. ])?(?:\(\d{3}\) ?\d{3}[-. ]\d{4}|\d{3}([-.])\d{3}\1\d{4}|\d{3} \d{3} \d{4})(?![\w-]|[.]\d)/g;

/** Luhn's checksum over the digits of a candidate card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const digitsOf = (s: string) => s.replace(/\D/g, "");

const cardAccepted = (match: string) => {
  const digits = digitsOf(match);
  // Mixed separators ("1234 5678-9012...") are not how cards are written.
  if (/ /.test(match) && /-/.test(match)) return false;
  return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits);
};

const intlPhoneAccepted = (match: string) => {
  const n = digitsOf(match).length;
  return n >= 8 && n <= 15;
};

/** The built-in detectors, in the order they run: e-mail first (its digits are not a phone), cards before phones. */
const BUILT_IN: Record<BuiltInKind, Detector[]> = {
  email: [{ kind: "email", token: "[EMAIL]", regex: EMAIL, hint: /@/ }],
  card: [{ kind: "card", token: "[CARD]", regex: CARD, accept: cardAccepted, hint: DIGIT }],
  ip: [
    { kind: "ip", token: "[IP]", regex: IPV6, hint: /[0-9A-Fa-f]:|::/ },
    { kind: "ip", token: "[IP]", regex: IPV4, hint: /\d\.\d/ },
  ],
  phone: [
    { kind: "phone", token: "[PHONE]", regex: PHONE_INTL, accept: intlPhoneAccepted, hint: /\+\d/ },
    { kind: "phone", token: "[PHONE]", regex: PHONE_US, hint: DIGIT },
  ],
};
const ORDER: BuiltInKind[] = ["email", "card", "ip", "phone"];

export interface ScrubConfig {
  /** Built-in kinds turned off (true or absent: on). */
  scrub: Partial<Record<BuiltInKind, boolean>>;
  /** A project's own patterns, applied after the built-in kinds. */
  patterns: { name: string; pattern: string }[];
}

export interface Scrubber {
  /** The text with every match replaced; counts are added into `counts`. */
  text(value: string, counts: ScrubCounts): string;
}

/**
 * A scrubber for a project's settings. Patterns must have passed scrubPatternProblem; `compile`
 * makes a pattern's global RegExp (ingest passes one for V8's linear-time engine:
 * lib/server/feedback/linear-regexp.ts), and a pattern it throws on is skipped.
 */
export function makeScrubber(
  config: ScrubConfig,
  compile: (pattern: string) => RegExp = (pattern) => new RegExp(pattern, "g"),
): Scrubber {
  const detectors: Detector[] = [];
  for (const kind of ORDER) if (config.scrub[kind] !== false) detectors.push(...BUILT_IN[kind]);
  for (const p of config.patterns) {
    if (scrubPatternProblem(p.pattern)) continue;
    let regex: RegExp;
    try {
      regex = compile(p.pattern);
    } catch {
      continue;
    }
    detectors.push({ kind: p.name, token: `[${p.name.toUpperCase()}]`, regex });
  }
  return {
    text(value, counts) {
      let out = value;
      for (const d of detectors) {
        if (d.hint && !d.hint.test(out)) continue;
        let n = 0;
        out = out.replace(d.regex, (match) => {
          if (match === "" || (d.accept && !d.accept(match))) return match;
          n += 1;
          return d.token;
        });
        if (n) counts[d.kind] = (counts[d.kind] ?? 0) + n;
      }
      return out;
    },
  };
}

/** Every string inside a JSON value scrubbed (keys kept): metadata. */
export function scrubJson(value: unknown, scrubber: Scrubber, counts: ScrubCounts): unknown {
  if (typeof value === "string") return scrubber.text(value, counts);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, scrubber, counts));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubJson(v, scrubber, counts);
    return out;
  }
  return value;
}

export const MAX_SCRUB_PATTERN_LENGTH = 500;

/**
 * Why a project's pattern cannot be used, or null. It must compile, must not match the empty
 * string, and must not be of the shapes that backtrack catastrophically on a long text: a
 * quantified group that itself holds a quantifier ((a+)+, (\w*x?)*, (a|aa)+ ...) and
 * backreferences. The check is conservative: some safe patterns are refused too; write them
 * without the nesting.
 */
export function scrubPatternProblem(pattern: string): string | null {
  if (pattern.length === 0) return "the pattern is empty";
  if (pattern.length > MAX_SCRUB_PATTERN_LENGTH)
    return `the pattern is longer than ${MAX_SCRUB_PATTERN_LENGTH} characters`;
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "g");
  } catch (error) {
    return `not a valid regular expression (${(error as Error).message})`;
  }
  if (regex.test("")) return "the pattern matches the empty text";
  if (/\\[1-9]|\\k</.test(pattern)) return "backreferences are not allowed (they can take exponential time)";
  if (hasNestedQuantifier(pattern))
    return "a repeated group holds a repetition or alternatives (it can take exponential time)";
  return null;
}

/** True when a quantified group contains a quantifier or an alternation: (a+)+, (a|b)*, (?:x{2,})+. */
function hasNestedQuantifier(pattern: string): boolean {
  // Per open group: whether it holds a quantifier or "|" so far.
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === "\\") {
      i += 1;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "(") stack.push(false);
    else if (c === ")") {
      const risky = stack.pop() ?? false;
      const next = pattern[i + 1];
      const quantified = next === "*" || next === "+" || next === "?" || next === "{";
      if (risky && quantified && next !== "?") return true;
      // The group's own quantifier makes its parent hold one.
      if ((risky || quantified) && stack.length) stack[stack.length - 1] = true;
    } else if (c === "*" || c === "+" || c === "{" || c === "|") {
      if (stack.length) stack[stack.length - 1] = true;
    } else if (c === "?" && pattern[i - 1] !== "(" && stack.length) stack[stack.length - 1] = true;
  }
  return false;
}
