// How a labeler answered a demonstration review of production feedback (docs/FEEDBACK.md):
// no crypto here, so the labeling page can say live whether submitting confirms or corrects.

/** Text compared as a reader would: line endings and surrounding whitespace do not count. */
export function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.replace(/\r\n?/g, "\n").trim();
  return norm(a) === norm(b);
}

/** The reply as it was (confirmed) or any other text (corrected). */
export function reviewOutcome(original: string, answer: string): "confirmed" | "corrected" {
  return sameText(original, answer) ? "confirmed" : "corrected";
}
