// A split specification such as `train=0.9,test=0.1` (no Node APIs: the export form checks it
// in the browser too). Parsed in one pass: every check below is linear in the input's length
// (a backtracking pattern over the whole part took minutes on `a=000…0x`).

export interface SplitPart {
  name: string;
  share: number;
}

/** Longer than any sensible split (the API and the CLI refuse it before parsing). */
export const MAX_SPLIT_LENGTH = 1_000;

const NAME = /^[A-Za-z0-9_-]{1,32}$/;
// Digits with at most one dot, ending in a digit (`0.9`, `.5`, `1`). Each piece is anchored
// and unambiguous, so a failed match costs one pass.
const SHARE = /^(?:\d+|\d*\.\d+)$/;

/** Shows the start of a bad part, never the whole of a long one. */
function quote(entry: string): string {
  return entry.length > 24 ? `${entry.slice(0, 22)}…` : entry;
}

/** Parses `train=0.9,test=0.1`: names of letters, digits, - and _; shares above 0 adding up to 1. */
export function parseSplit(spec: string): SplitPart[] {
  const parts = spec.split(",").map((entry) => {
    const eq = entry.indexOf("=");
    const name = eq === -1 ? "" : entry.slice(0, eq).trim();
    const share = eq === -1 ? "" : entry.slice(eq + 1).trim();
    if (!NAME.test(name) || !SHARE.test(share))
      throw new Error(`split part "${quote(entry)}" is not name=share (e.g. train=0.9,test=0.1)`);
    return { name, share: Number(share) };
  });
  if (parts.length < 2) throw new Error("a split needs at least two parts (e.g. train=0.9,test=0.1)");
  const names = new Set(parts.map((p) => p.name));
  if (names.size !== parts.length) throw new Error("split part names must differ");
  if (parts.some((p) => !(p.share > 0))) throw new Error("every split share must be above 0");
  const total = parts.reduce((sum, p) => sum + p.share, 0);
  if (Math.abs(total - 1) > 1e-6) throw new Error(`split shares must add up to 1 (they add up to ${total})`);
  return parts;
}
