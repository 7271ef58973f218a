// How long a text looks: the count a minimum length is checked against, on the server (submit
// validation) and in the browser (the editor's counter), so the two always agree. Padding a
// reply with characters nobody can see ("ok" and 60 zero-width spaces) must not pass a
// 50-character minimum.

// Characters that show nothing: control characters (except the whitespace ones, which lay
// text out), format characters (zero-width space, joiners, soft hyphen, bidi marks, BOM ...)
// and the rest of Unicode's default-ignorable set (variation selectors, tag characters,
// Hangul fillers ...).
const INVISIBLE = /(?![\t\n\v\f\r])[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
const WHITESPACE = /^\s+$/u;

type Kind = "visible" | "space" | "invisible";

function kindOf(grapheme: string): Kind {
  const visible = grapheme.replace(INVISIBLE, "");
  if (!visible) return "invisible";
  return WHITESPACE.test(visible) ? "space" : "visible";
}

function asciiKind(code: number): Kind {
  if (code === 0x20 || (code >= 0x09 && code <= 0x0d)) return "space";
  return code < 0x20 || code === 0x7f ? "invisible" : "visible";
}

let segmenter: Intl.Segmenter | undefined;

const isAscii = (code: number) => code < 0x80;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Grapheme clusters of a run of text that starts and ends on cluster boundaries, a piece at a
 * time: Node 20's Intl.Segmenter takes time quadratic in the length of the string it walks
 * (100,000 characters: seconds). Each piece's last cluster may be cut short, so the next piece
 * starts again where it began (a cluster boundary: the rules look only at what comes before
 * it and at the character right after it).
 */
function eachClusterOf(run: string, pieceLength: number, visit: (kind: Kind) => void) {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let start = 0;
  let size = pieceLength;
  while (start < run.length) {
    let end = Math.min(run.length, start + size);
    // Never between the two halves of a surrogate pair.
    if (end < run.length && (run.charCodeAt(end - 1) & 0xfc00) === 0xd800) end -= 1;
    const clusters = [...segmenter.segment(run.slice(start, end))];
    if (end === run.length) {
      for (const c of clusters) visit(kindOf(c.segment));
      return;
    }
    if (clusters.length < 2) {
      // One cluster longer than the piece ("a" and thousands of combining marks): look further.
      size *= 2;
      continue;
    }
    const last = clusters.pop()!;
    for (const c of clusters) visit(kindOf(c.segment));
    start += last.index;
    size = pieceLength;
  }
}

/**
 * Visible characters, as a reader counts them: user-perceived characters (grapheme clusters:
 * an emoji family joined by ZWJ, a flag, a letter with its combining marks are one each),
 * leaving out invisible ones and whitespace at either end. Whitespace inside counts.
 */
export function visibleLength(text: string, pieceLength = 256): number {
  let count = 0;
  let spaces = 0;
  const visit = (kind: Kind) => {
    if (kind === "invisible") return;
    if (kind === "space") {
      // Counted only once something visible follows (trailing whitespace is not text).
      if (count > 0) spaces += 1;
      return;
    }
    count += spaces + 1;
    spaces = 0;
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : -1;
    // Plain ASCII followed by ASCII (or nothing) is a cluster of its own: no segmenter needed.
    if (code === CR && next === LF) {
      visit("space");
      i += 2;
      continue;
    }
    if (isAscii(code) && next < 0x80) {
      visit(asciiKind(code));
      i += 1;
      continue;
    }
    // Otherwise up to the next place where two ASCII characters meet (never inside CR LF):
    // a cluster boundary whatever surrounds it. An ASCII character just before non-ASCII
    // goes with it, as a combining mark after it would join it.
    let j = i + 1;
    while (
      j < text.length &&
      !(
        isAscii(text.charCodeAt(j - 1)) &&
        isAscii(text.charCodeAt(j)) &&
        !(text.charCodeAt(j - 1) === CR && text.charCodeAt(j) === LF)
      )
    )
      j += 1;
    eachClusterOf(text.slice(i, j), pieceLength, visit);
    i = j;
  }
  return count;
}
