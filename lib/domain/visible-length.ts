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

let segmenter: Intl.Segmenter | undefined;

/**
 * Visible characters, as a reader counts them: user-perceived characters (grapheme clusters:
 * an emoji family joined by ZWJ, a flag, a letter with its combining marks are one each),
 * leaving out invisible ones and whitespace at either end. Whitespace inside counts.
 */
export function visibleLength(text: string): number {
  segmenter ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  let count = 0;
  let spaces = 0;
  // Segmented before the invisible characters are dropped, so a ZWJ still joins its sequence.
  for (const { segment } of segmenter.segment(text)) {
    const visible = segment.replace(INVISIBLE, "");
    if (!visible) continue;
    if (WHITESPACE.test(visible)) {
      // Counted only once something visible follows (trailing whitespace is not text).
      if (count > 0) spaces += 1;
      continue;
    }
    count += spaces + 1;
    spaces = 0;
  }
  return count;
}
