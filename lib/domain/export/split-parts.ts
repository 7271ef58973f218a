// A split specification such as `train=0.9,test=0.1` (no Node APIs: the export form checks it
// in the browser too).

export interface SplitPart {
  name: string;
  share: number;
}

/** Parses `train=0.9,test=0.1`: names of letters, digits, - and _; shares above 0 adding up to 1. */
export function parseSplit(spec: string): SplitPart[] {
  const parts = spec.split(",").map((entry) => {
    const match = /^\s*([A-Za-z0-9_-]{1,32})\s*=\s*([0-9]*\.?[0-9]+)\s*$/.exec(entry);
    if (!match) throw new Error(`split part "${entry}" is not name=share (e.g. train=0.9,test=0.1)`);
    return { name: match[1]!, share: Number(match[2]) };
  });
  if (parts.length < 2) throw new Error("a split needs at least two parts (e.g. train=0.9,test=0.1)");
  const names = new Set(parts.map((p) => p.name));
  if (names.size !== parts.length) throw new Error("split part names must differ");
  if (parts.some((p) => !(p.share > 0))) throw new Error("every split share must be above 0");
  const total = parts.reduce((sum, p) => sum + p.share, 0);
  if (Math.abs(total - 1) > 1e-6) throw new Error(`split shares must add up to 1 (they add up to ${total})`);
  return parts;
}
