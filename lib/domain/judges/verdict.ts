// A judge's answer, parsed (docs/JUDGES.md, "Prompt templates"). The template asks for a
// rationale, then one final verdict in double brackets: [[A]], [[B]], [[tie]] for a pair,
// [[B>A>C]] (with = between tied replies) for a ranking, or [[unsure]]. Anything else is a
// parse error with its reason: an answer is never guessed from its wording.

/** The letter of the reply shown in place `index` (0 → A). */
export const replyLetter = (index: number): string => String.fromCharCode(65 + index);

export type ParsedVerdict =
  | {
      ok: true;
      /** Tie groups of letters, best first; null when the judge said it is unsure. */
      ranking: string[][] | null;
      unsure: boolean;
      rationale: string | null;
      /** The verdict as written, normalised: "B>A=C", "tie", "unsure". */
      verdict: string;
    }
  | { ok: false; error: string; rationale: string | null };

const BRACKETS = /\[\[([^[\]\n]{1,80})\]\]/g;
/** What a verdict looks like (letters with > and =, tie, unsure); other [[...]] text is not one. */
const VERDICT_SHAPE = /^\s*(?:[a-z](?:\s*[>=]\s*[a-z])*|tie|unsure)\s*$/i;

/** Parses a judge's answer about `replies` candidates (2 to 26) shown as A, B, .... */
export function parseVerdict(raw: string, replies: number): ParsedVerdict {
  const found = [...raw.matchAll(BRACKETS)].filter((m) => VERDICT_SHAPE.test(m[1]!));
  const first = found[0];
  const rationale = rationaleOf(raw, first?.index);
  if (!first) return { ok: false, error: "no verdict: the answer has no [[...]] verdict line", rationale };
  const written = [...new Set(found.map((m) => normalise(m[1]!)))];
  if (written.length > 1) {
    return {
      ok: false,
      error: `more than one verdict (${written.map((w) => `[[${w}]]`).join(", ")}): not guessing which one counts`,
      rationale,
    };
  }
  const verdict = written[0]!;
  const letters = Array.from({ length: replies }, (_, i) => replyLetter(i));
  if (verdict === "unsure") return { ok: true, ranking: null, unsure: true, rationale, verdict };
  if (verdict === "tie") return { ok: true, ranking: [letters], unsure: false, rationale, verdict };
  const groups = verdict.split(">").map((group) => group.split("="));
  const named = groups.flat();
  const unknown = named.filter((l) => !letters.includes(l));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `unknown reply ${[...new Set(unknown)].join(", ")} in [[${verdict}]]: the replies are ${letters.join(", ")}`,
      rationale,
    };
  }
  const twice = named.filter((l, i) => named.indexOf(l) !== i);
  if (twice.length > 0) {
    return { ok: false, error: `reply ${[...new Set(twice)].join(", ")} appears twice in [[${verdict}]]`, rationale };
  }
  if (replies === 2 && named.length === 1) {
    // A pair's winner alone: the other reply is second.
    return { ok: true, ranking: [named, letters.filter((l) => l !== named[0])], unsure: false, rationale, verdict };
  }
  const missing = letters.filter((l) => !named.includes(l));
  if (missing.length > 0) {
    return {
      ok: false,
      error: `[[${verdict}]] leaves out reply ${missing.join(", ")}: a ranking orders every reply`,
      rationale,
    };
  }
  return { ok: true, ranking: groups, unsure: false, rationale, verdict };
}

function normalise(text: string): string {
  const compact = text.replace(/\s+/g, "");
  return /^(tie|unsure)$/i.test(compact) ? compact.toLowerCase() : compact.toUpperCase();
}

/** The judge's reasoning: the text before its verdict (or all of it when there is none). */
function rationaleOf(raw: string, verdictAt: number | undefined): string | null {
  const text = (verdictAt === undefined ? raw : raw.slice(0, verdictAt))
    .replace(/\s*(?:final\s+)?verdict\s*:?\s*$/i, "")
    .trim();
  return text.length > 0 ? text.slice(0, 20_000) : null;
}

/** Letter groups → completion-id groups, through the order the judge saw the replies in. */
export function rankingToIds(ranking: string[][], displayOrder: readonly string[]): string[][] {
  return ranking.map((group) => group.map((letter) => displayOrder[letter.charCodeAt(0) - 65]!));
}
