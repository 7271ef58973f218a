/** "B > A = C": tie groups best first, completions named by letter. */
export function rankingAsText(groups: string[][], letterOf: (id: string) => string): string {
  return groups.map((group) => group.map(letterOf).join(" = ")).join(" > ");
}

/** A, B, C ... for positions 0, 1, 2 ... */
export const letterFor = (position: number) => String.fromCharCode(65 + position);
