import { describe, expect, it } from "vitest";
import { acceptanceRate } from "@/lib/domain/quality/acceptance";
import { exportOptionsSchema } from "@/lib/validation/exports";
import { addMemberSchema } from "@/lib/validation/projects";
import { reviewDecisionSchema, reviewSettingsSchema, setMemberRoleSchema } from "@/lib/validation/reviews";

describe("acceptance rate", () => {
  it("is kept (accepted or edited) over decided, null before any decision", () => {
    expect(acceptanceRate({ accepted: 0, edited: 0, rejected: 0 })).toBeNull();
    expect(acceptanceRate({ accepted: 3, edited: 1, rejected: 4 })).toBe(0.5);
    expect(acceptanceRate({ accepted: 0, edited: 0, rejected: 2 })).toBe(0);
  });
});

describe("review schemas", () => {
  it("needs a reason to reject and a text to edit", () => {
    expect(
      reviewDecisionSchema.safeParse({ action: "reject", revision: 1, reason: "  " }).error?.issues[0]?.message,
    ).toBe("a rejection needs a reason");
    expect(reviewDecisionSchema.safeParse({ action: "reject", revision: 1 }).success).toBe(false);
    expect(reviewDecisionSchema.safeParse({ action: "edit", revision: 1, text: "" }).error?.issues[0]?.message).toBe(
      "the edited text is empty",
    );
    expect(reviewDecisionSchema.safeParse({ action: "accept", revision: 1, reason: "x" }).success).toBe(false);
    expect(reviewDecisionSchema.safeParse({ action: "approve", revision: 1 }).success).toBe(false);
    expect(reviewDecisionSchema.parse({ action: "edit", revision: 2, text: " better " })).toEqual({
      action: "edit",
      revision: 2,
      text: "better",
    });
  });

  it("takes a review rate from 0 to 1 and the two roles", () => {
    expect(reviewSettingsSchema.parse({ reviewRate: "0.25" })).toEqual({ reviewRate: 0.25 });
    expect(reviewSettingsSchema.safeParse({ reviewRate: -0.1 }).success).toBe(false);
    expect(reviewSettingsSchema.safeParse({ reviewRate: 1.01 }).success).toBe(false);
    expect(setMemberRoleSchema.safeParse({ email: "a@b.c", role: "admin" }).error?.issues[0]?.message).toBe(
      "role must be labeler or reviewer",
    );
    expect(addMemberSchema.parse({ email: "A@B.C", role: "reviewer" })).toEqual({ email: "a@b.c", role: "reviewer" });
  });

  it("names the export's review filters", () => {
    expect(exportOptionsSchema.parse({ format: "sft", review: "reviewed" }).review).toBe("reviewed");
    expect(exportOptionsSchema.safeParse({ format: "sft", review: "yes" }).error?.issues[0]?.message).toBe(
      "review must be accepted, reviewed or all",
    );
  });
});

describe("recorded review filter", () => {
  it("is described on the exports list", async () => {
    const { describeFilters } = await import("@/lib/domain/export/recorded-export");
    expect(describeFilters({ filters: { review: "accepted" } })).toEqual(["review: accepted and not sampled"]);
    expect(describeFilters({ filters: { review: "reviewed" } })).toEqual(["review: accepted by a reviewer only"]);
  });
});
