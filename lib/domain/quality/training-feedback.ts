// What a training-phase answer gets back (issue 16, docs/QUALITY.md): shared by the submit
// route and the labeling page's feedback panel.

export interface TrainingFeedback {
  itemId: string;
  /** The expected answer ({best, ranking?, flags?}); null for a demonstration. */
  expected: unknown;
  explanation: string | null;
  /** Whether the answer matched the expected one in full; null when there is nothing to check. */
  correct: boolean | null;
  /** 1-based: this is the labeler's n-th of `of` training answers. */
  position: number;
  of: number;
}
