// A gold answer as an admin writes it, in the letters the item page shows (A is the first
// completion): "A > B = C" is a full ranking, "A:harmful,untruthful B:" the expected flags. Pure.

/** "A > B = C" to groups of completion ids, best first; an error message when it does not read. */
export function parseLetterRanking(text: string, idsByPosition: string[]): string[][] | string {
  const groups = text
    .split(">")
    .map((g) => g.split("=").map((x) => x.trim().toUpperCase()))
    .filter((g) => g.some(Boolean));
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const group of groups) {
    const ids: string[] = [];
    for (const letter of group) {
      const position = letter.length === 1 ? letter.charCodeAt(0) - 65 : -1;
      const id = idsByPosition[position];
      if (!id) return `ranking: "${letter}" is not a completion of this item`;
      if (seen.has(id)) return `ranking: ${letter} appears twice`;
      seen.add(id);
      ids.push(id);
    }
    out.push(ids);
  }
  if (out.length && seen.size !== idsByPosition.length) return "ranking: rank every completion (for example A > B = C)";
  return out;
}

/** "A:harmful,untruthful B:" to {id: flags}; letters left out expect no flag. */
export function parseLetterFlags(
  text: string,
  idsByPosition: string[],
  allowed: string[],
): Record<string, string[]> | string {
  const out: Record<string, string[]> = {};
  for (const part of text.split(/\s+/).filter(Boolean)) {
    const [letter = "", list = ""] = part.split(":");
    const id = idsByPosition[letter.trim().toUpperCase().charCodeAt(0) - 65];
    if (!id || letter.trim().length !== 1) return `flags: "${letter}" is not a completion of this item`;
    const flags = list
      .split(",")
      .map((f) => f.trim())
      .filter(Boolean);
    const unknown = flags.filter((f) => !allowed.includes(f));
    if (unknown.length) return `flags: ${unknown.join(", ")} is not one of this project's flags`;
    out[id] = [...new Set(flags)];
  }
  for (const id of idsByPosition) out[id] ??= [];
  return out;
}
