// The lengths the server accepts for free text (lib/validation/tasks.ts), in UTF-16 code units
// like both zod's max() and an input's maxLength. Plain numbers, so the labeling page sets
// maxLength from the same values without loading zod.
export const MAX_TEXT_LENGTH = 100_000;
export const MAX_COMMENT_LENGTH = 5_000;
export const MAX_SKIP_REASON_LENGTH = 500;
