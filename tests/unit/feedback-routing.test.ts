import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  decideRoute,
  inSample,
  matchesWhen,
  reviewCompletions,
  sampleValue,
  USER_EDIT_MODEL,
  type RoutableEvent,
} from "@/lib/domain/feedback/routing";
import { reviewOutcome } from "@/lib/domain/feedback/review-outcome";
import { projectTabsFor } from "@/lib/domain/project-tabs";

const P = "8f7c2a4e-1111-4222-8333-944455556666";
const base: RoutableEvent & { model: string | null } = {
  eventId: "e1",
  response: "Paris is in Germany.",
  thumb: null,
  score: null,
  edit: null,
  alternatives: null,
  model: "m-1",
};

describe("matchesWhen", () => {
  it("reads each signal", () => {
    expect(matchesWhen("down", { ...base, thumb: false })).toBe(true);
    expect(matchesWhen("down", { ...base, thumb: true })).toBe(false);
    expect(matchesWhen("up", { ...base, thumb: true })).toBe(true);
    expect(matchesWhen("low_score", { ...base, score: 2 })).toBe(true);
    expect(matchesWhen("low_score", { ...base, score: 3 })).toBe(false);
    expect(matchesWhen("high_score", { ...base, score: 4 })).toBe(true);
    expect(matchesWhen("high_score", { ...base, score: 3 })).toBe(false);
    expect(matchesWhen("edit", { ...base, edit: "Paris is in France." })).toBe(true);
    // An edit that changes nothing but whitespace is no edit.
    expect(matchesWhen("edit", { ...base, edit: " Paris is in Germany.\r\n" })).toBe(false);
    expect(matchesWhen("regenerate", { ...base, alternatives: [{ text: "x", chosen: true }] })).toBe(true);
    expect(matchesWhen("regenerate", { ...base, alternatives: [] })).toBe(false);
    expect(matchesWhen("any", base)).toBe(true);
  });
});

describe("sampleValue", () => {
  it("is the first 32 bits of sha256(project \\n event \\n rule) over 2^32", () => {
    const h = createHash("sha256").update(`${P}\ne1\n0`).digest();
    expect(sampleValue(P, "e1", 0)).toBe(h.readUInt32BE(0) / 2 ** 32);
    expect(sampleValue(P, "e1", 1)).not.toBe(sampleValue(P, "e1", 0));
  });

  it("takes close to the rate over many events", () => {
    const taken = Array.from({ length: 20_000 }, (_, i) => inSample(0.05, sampleValue(P, `ev-${i}`, 1))).filter(
      Boolean,
    ).length;
    expect(taken / 20_000).toBeGreaterThan(0.045);
    expect(taken / 20_000).toBeLessThan(0.055);
  });

  it("rate 1 takes all and 0 none", () => {
    expect(inSample(1, 0.999999)).toBe(true);
    expect(inSample(0, 0)).toBe(false);
  });
});

describe("reviewCompletions", () => {
  it("gives a demonstration the response", () => {
    expect(reviewCompletions(base, "demonstration")).toEqual([{ text: base.response, model: "m-1" }]);
  });

  it("pairs the response with the user's edit", () => {
    expect(reviewCompletions({ ...base, edit: "Paris is in France." }, "comparison")).toEqual([
      { text: base.response, model: "m-1" },
      { text: "Paris is in France.", model: USER_EDIT_MODEL },
    ]);
  });

  it("has nothing to compare without an edit or alternatives", () => {
    expect(reviewCompletions({ ...base, thumb: false }, "comparison")).toBeNull();
    expect(
      reviewCompletions({ ...base, alternatives: [{ text: "Paris is in Germany.", chosen: true }] }, "ranking"),
    ).toBeNull();
  });

  it("drops duplicate alternatives and keeps the chosen one and the response for a comparison", () => {
    const alternatives = [
      { text: "A", chosen: false },
      { text: "Paris is in Germany.", chosen: false },
      { text: "B", chosen: true },
      { text: "A ", chosen: false },
    ];
    expect(reviewCompletions({ ...base, alternatives }, "ranking")!.map((c) => c.text)).toEqual([
      "B",
      "Paris is in Germany.",
      "A",
    ]);
    expect(reviewCompletions({ ...base, alternatives }, "comparison")!.map((c) => c.text)).toEqual([
      "B",
      "Paris is in Germany.",
    ]);
    expect(reviewCompletions({ ...base, alternatives }, "ranking", 2)).toHaveLength(2);
  });
});

describe("decideRoute", () => {
  it("routes an event at most once: the first rule that takes it", () => {
    const d = decideRoute(
      P,
      [
        { when: "down", rate: 1, kind: "demonstration" },
        { when: "any", rate: 1, kind: "demonstration" },
      ],
      { ...base, thumb: false },
    );
    expect(d.outcomes).toEqual([{ rule: 0, outcome: "routed" }]);
    expect(d.routed?.rule).toBe(0);
  });

  it("lets the next rule try after one that cannot place the event or samples it out", () => {
    const e = { ...base, thumb: true, edit: "Paris is in France." };
    const d = decideRoute(
      P,
      [
        { when: "up", rate: 0, kind: "demonstration" },
        { when: "any", rate: 1, kind: "comparison" },
      ],
      { ...e, edit: null },
    );
    expect(d.outcomes).toEqual([
      { rule: 0, outcome: "sampled_out" },
      { rule: 1, outcome: "not_routable" },
    ]);
    expect(d.routed).toBeNull();
    const withEdit = decideRoute(
      P,
      [
        { when: "up", rate: 0, kind: "demonstration" },
        { when: "edit", rate: 1, kind: "comparison" },
      ],
      e,
    );
    expect(withEdit.routed?.rule).toBe(1);
  });

  it("skips a rule without a usable project", () => {
    expect(decideRoute(P, [{ when: "any", rate: 1, kind: null }], base)).toEqual({ outcomes: [], routed: null });
  });
});

describe("reviewOutcome", () => {
  it("confirms an unchanged reply, counts any other text as a correction", () => {
    expect(reviewOutcome("Hello.\r\n", " Hello.")).toBe("confirmed");
    expect(reviewOutcome("Hello.", "Hello!")).toBe("corrected");
  });
});

describe("the Feedback tab", () => {
  it("shows only for a project with feedback or settings", () => {
    expect(projectTabsFor("ranking")).not.toContain("feedback");
    expect(projectTabsFor("ranking", { feedback: true })).toEqual([
      "overview",
      "data",
      "quality",
      "feedback",
      "judges",
      "export",
      "settings",
      "members",
    ]);
    expect(projectTabsFor("demonstration", { feedback: true })).toEqual([
      "overview",
      "data",
      "quality",
      "feedback",
      "export",
      "settings",
      "members",
    ]);
  });
});
