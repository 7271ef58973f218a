// A labeler's standing in a project (issue 16, docs/QUALITY.md): what the claim may answer
// instead of a task, and the words the labeling page shows for it. Pure.

export const GOLD_ROLES = ["qualification", "training", "attention"] as const;
export type GoldRole = (typeof GOLD_ROLES)[number];

export const STANDING_STATUSES = ["pending", "passed", "failed"] as const;
export type StandingStatus = (typeof STANDING_STATUSES)[number];

/** rlhf_claim_task's outcomes added by issue 16 (rlhf_quality_slot, and a draft project). */
export const QUALITY_CLAIM_OUTCOMES = [
  "draft",
  "labeler_paused",
  "not_qualified",
  "qualification_retry",
  "qualification_pending",
] as const;
export type QualityClaimOutcome = (typeof QUALITY_CLAIM_OUTCOMES)[number];

/** The notice a labeler reads when the claim gives no task because of their standing. */
export function qualityNotice(outcome: QualityClaimOutcome, retryAfter: Date | null = null): string {
  switch (outcome) {
    case "draft":
      return "This project has not started yet: an admin must add its qualification items first.";
    case "labeler_paused":
      return "You are paused on this project: too many recent attention checks did not match the expected answer. An admin will review your work and can let you continue.";
    case "not_qualified":
      return retryAfter
        ? `You did not pass this project's qualification. You may try again after ${retryAfter.toISOString().slice(0, 16).replace("T", " ")} UTC.`
        : "You did not pass this project's qualification, and this project does not allow another attempt.";
    case "qualification_retry":
      return "Your new qualification attempt is starting.";
    case "qualification_pending":
      return "You have answered every qualification item. Your result is waiting for an admin to grade your written answers.";
  }
}

/** Hours after a failed attempt when the next may start; null: no retry. */
export function retryAfterOf(decidedAt: Date, retryHours: number | null): Date | null {
  return retryHours === null ? null : new Date(decidedAt.getTime() + retryHours * 3_600_000);
}
