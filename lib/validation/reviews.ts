import { z } from "zod";
import { storableText } from "@/lib/validation/text";
import { MAX_TEXT_LENGTH } from "@/lib/validation/text-limits";

// Peer review of demonstrations (docs/QUALITY.md, "Review of demonstrations").

/** A member's role in one project: "reviewer" also reviews the others' demonstrations. */
export const memberRoleSchema = z.enum(["labeler", "reviewer"], { error: "role must be labeler or reviewer" });
export type MemberRole = z.infer<typeof memberRoleSchema>;

/** PATCH /api/projects/{slug}/members, `project set-role`. */
export const setMemberRoleSchema = z
  .object({ email: storableText().trim().toLowerCase().min(3).max(254), role: memberRoleSchema })
  .strict();

/** PUT /api/projects/{slug}/reviews/settings, `project set --peer-review-rate`. */
export const reviewSettingsSchema = z
  .object({
    reviewRate: z.coerce
      .number({ error: "review rate must be a number from 0 to 1" })
      .min(0, "review rate must be at least 0")
      .max(1, "review rate must be at most 1 (every demonstration)"),
  })
  .strict();

/** The Settings tab's field: a percentage, 0 to 100. */
export const reviewPercentSchema = z.object({
  reviewPercent: z.coerce
    .number({ error: "review share must be a number from 0 to 100" })
    .min(0, "review share: at least 0%")
    .max(100, "review share: at most 100%"),
});

export const MAX_REJECT_REASON_LENGTH = 2000;

/**
 * A reviewer's decision. `revision` is the answer's revision the reviewer was shown (the claim
 * answers it): if the author changed the answer since, the decision is refused.
 */
export const reviewDecisionSchema = z.discriminatedUnion(
  "action",
  [
    z.object({ action: z.literal("accept"), revision: z.number().int().min(1) }).strict(),
    z
      .object({
        action: z.literal("edit"),
        revision: z.number().int().min(1),
        text: storableText()
          .trim()
          .min(1, "the edited text is empty")
          .max(MAX_TEXT_LENGTH, "text is longer than 100,000 characters"),
      })
      .strict(),
    z
      .object({
        action: z.literal("reject"),
        revision: z.number().int().min(1),
        reason: storableText()
          .trim()
          .min(1, "a rejection needs a reason")
          .max(MAX_REJECT_REASON_LENGTH, "the reason is longer than 2,000 characters"),
      })
      .strict(),
  ],
  { error: "action must be accept, edit or reject" },
);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

/** Which demonstrations an export takes (docs/EXPORTS.md, "Reviewed demonstrations"). */
export const REVIEW_FILTERS = ["accepted", "reviewed", "all"] as const;
export const reviewFilterSchema = z.enum(REVIEW_FILTERS, { error: "review must be accepted, reviewed or all" });
export type ReviewFilter = z.infer<typeof reviewFilterSchema>;
