import { describe, expect, it } from "vitest";
import { bestOf, turnConsistency } from "@/lib/domain/agreement/turn-consistency";
import { attemptsByPosition, formatCost, pageOf, rankText } from "@/lib/domain/conversation/admin-view";
import { projectTabOf, projectTabsFor } from "@/lib/domain/project-tabs";
import { conversationSettingsFormSchema, toolsTextSchema } from "@/lib/validation/conversation-settings-form";
import { createModelEndpointSchema, updateModelEndpointSchema } from "@/lib/validation/models";

describe("turnConsistency", () => {
  it("counts the original labeler as a coder and matches a hand computation", () => {
    // Unit u1: original best 0, reviewers 0 and 1; unit u2: original 1, reviewers 1 and 1.
    // Coincidences o00 = 1, o01 = o10 = 1, o11 = 3; D_o = 2/6, D_e = 16/30, alpha = 0.375.
    const result = turnConsistency([
      {
        unit: "u1",
        original: { labeler: "L", ranking: [[0], [1]] },
        reviews: [
          { labeler: "R1", ranking: [[0], [1]] },
          { labeler: "R2", ranking: [[1], [0]] },
        ],
      },
      {
        unit: "u2",
        original: { labeler: "L", ranking: [[1], [0]] },
        reviews: [
          { labeler: "R1", ranking: [[1], [0]] },
          { labeler: "R2", ranking: [[1], [0]] },
        ],
      },
      // Sampled, never answered: counted as sampled only.
      { unit: "u3", original: { labeler: "L", ranking: [[0], [1]] }, reviews: [] },
    ]);
    expect(result).toMatchObject({
      sampledTurns: 3,
      reviewedTurns: 2,
      reviews: 4,
      agreeingReviews: 3,
      agreementShare: 0.75,
    });
    expect(result.alpha!.alpha).toBeCloseTo(0.375, 12);
    expect(result.alpha!.coders).toBe(3);
  });

  it("is empty with no reviews, and a tie's value is its group", () => {
    expect(turnConsistency([])).toEqual({
      sampledTurns: 0,
      reviewedTurns: 0,
      reviews: 0,
      agreeingReviews: 0,
      agreementShare: null,
      alpha: null,
    });
    expect(bestOf([[2, 0], [1]])).toBe("0,2");
    expect(bestOf([])).toBeNull();
  });
});

describe("admin view", () => {
  it("formats costs from millionths of a dollar", () => {
    expect([formatCost(null), formatCost(0), formatCost(1234), formatCost(2_500_000)]).toEqual([
      "–",
      "$0",
      "$0.0012",
      "$2.50",
    ]);
  });

  it("keeps the page within the pages there are", () => {
    expect([pageOf(undefined, 0), pageOf("3", 60), pageOf("9", 60), pageOf("-1", 60), pageOf("x", 60)]).toEqual([
      1, 3, 3, 1, 1,
    ]);
  });

  it("lists every attempt at a position, the current one first", () => {
    const rows = [
      { id: "a1", position: 0, attempt: 1, replaced: true, status: "failed" },
      { id: "b1", position: 1, attempt: 1, replaced: false, status: "done" },
      { id: "a2", position: 0, attempt: 2, replaced: false, status: "done" },
    ];
    expect(attemptsByPosition(rows).map((p) => [p.position, p.attempts.map((a) => a.id)])).toEqual([
      [0, ["a2", "a1"]],
      [1, ["b1"]],
    ]);
  });

  it("says where a reply stands in the choice", () => {
    const ranking = [["a", "b"], ["c"], ["d"]];
    expect([rankText(ranking, "a"), rankText(ranking, "c"), rankText(ranking, "d"), rankText(null, "a")]).toEqual([
      "tied best",
      "2nd",
      "worst",
      null,
    ]);
  });

  it("has a Conversations tab for conversation projects only", () => {
    expect(projectTabsFor("conversation")).toContain("conversations");
    expect(projectTabsFor("ranking")).not.toContain("conversations");
    expect(projectTabOf("conversations")).toBe("conversations");
  });
});

describe("conversation settings form", () => {
  const form = {
    conversationMode: "red_team",
    replyCount: "3",
    replySource: "models",
    endpoints: ["a", "", "b", ""],
    minTurns: "2",
    maxTurns: "8",
    maxConcurrentGenerations: "4",
    ownOpenings: false,
    tools: "",
    turnReviewPercent: "10",
    reviewProject: "",
  };

  it("parses the fields, endpoints in order without blanks", () => {
    expect(conversationSettingsFormSchema.parse(form)).toMatchObject({
      replyCount: 3,
      endpoints: ["a", "b"],
      tools: [],
      turnReviewPercent: 10,
    });
  });

  it("says clearly what is wrong with the tools JSON", () => {
    const problem = (text: string) => {
      const parsed = toolsTextSchema.safeParse(text);
      return parsed.success ? null : parsed.error.issues[0]!.message;
    };
    expect(problem("[{")).toMatch(/^tools: not JSON \(/);
    expect(problem('{"type": "function"}')).toBe(
      'tools: a JSON array of {"type": "function", "function": {"name", "description", "parameters"}}',
    );
    expect(problem('[{"type": "function", "function": {"name": "get weather"}}]')).toBe(
      "tools: tool 1 → function → name: tool names: letters, digits, _ and -, at most 64",
    );
    expect(toolsTextSchema.parse('[{"type": "function", "function": {"name": "get_weather"}}]')).toEqual([
      { type: "function", function: { name: "get_weather" } },
    ]);
  });

  it("refuses replies per turn outside 2-4", () => {
    const parsed = conversationSettingsFormSchema.safeParse({ ...form, replyCount: "5" });
    expect(parsed.success ? null : parsed.error.issues[0]!.message).toBe("replies per turn: 2 to 4");
  });
});

describe("endpoint prices", () => {
  const base = { name: "m", baseUrl: "http://localhost:8000/v1", model: "x" };
  it("are optional, at least 0, and can be cleared", () => {
    expect(
      createModelEndpointSchema.parse({ ...base, inputPricePerMTok: "0.15", outputPricePerMTok: 0.6 }),
    ).toMatchObject({ inputPricePerMTok: 0.15, outputPricePerMTok: 0.6 });
    const negative = createModelEndpointSchema.safeParse({ ...base, inputPricePerMTok: -1 });
    expect(negative.success ? null : negative.error.issues[0]!.message).toBe("a price cannot be negative");
    expect(updateModelEndpointSchema.parse({ outputPricePerMTok: null })).toEqual({ outputPricePerMTok: null });
  });
});
