import { describe, expect, it } from "vitest";
import { generationKey, laneFor, laneQueue, planItemRequests } from "@/lib/domain/generation/plan";
import { etaSeconds, formatDuration } from "@/lib/domain/generation/progress";

const base = { itemId: "i1", completions: 0, existingKeys: new Set<string>(), maxCompletions: 9, samples: 1 };

describe("planItemRequests", () => {
  it("asks every endpoint for every sample, each endpoint's first sample before anyone's second", () => {
    expect(planItemRequests({ ...base, endpointIds: ["a", "b"], samples: 2 })).toEqual([
      { endpointId: "a", sample: 0 },
      { endpointId: "b", sample: 0 },
      { endpointId: "a", sample: 1 },
      { endpointId: "b", sample: 1 },
    ]);
  });

  it("leaves out what the item has (its generation keys), and they do not count against the room", () => {
    const existingKeys = new Set([generationKey("i1", "a", 0)]);
    expect(planItemRequests({ ...base, completions: 1, existingKeys, endpointIds: ["a", "b"], samples: 2 })).toEqual([
      { endpointId: "b", sample: 0 },
      { endpointId: "a", sample: 1 },
      { endpointId: "b", sample: 1 },
    ]);
  });

  it("stops at the project's maximum: a comparison (2) from three endpoints takes the first two", () => {
    expect(planItemRequests({ ...base, maxCompletions: 2, endpointIds: ["a", "b", "c"] })).toEqual([
      { endpointId: "a", sample: 0 },
      { endpointId: "b", sample: 0 },
    ]);
    // One imported completion: room for one more.
    expect(planItemRequests({ ...base, completions: 1, maxCompletions: 2, endpointIds: ["a", "b"] })).toEqual([
      { endpointId: "a", sample: 0 },
    ]);
    expect(planItemRequests({ ...base, completions: 2, maxCompletions: 2, endpointIds: ["a"] })).toEqual([]);
  });

  it("re-running the same request plans nothing", () => {
    const existingKeys = new Set([generationKey("i1", "a", 0), generationKey("i1", "b", 0)]);
    expect(planItemRequests({ ...base, completions: 2, existingKeys, endpointIds: ["a", "b"] })).toEqual([]);
  });
});

describe("lanes", () => {
  it("deals requests round-robin from an offset, wrapping", () => {
    expect([0, 1, 2, 3, 4].map((i) => laneFor(i, 3))).toEqual([0, 1, 2, 0, 1]);
    expect([0, 1, 2, 3].map((i) => laneFor(i, 3, 2))).toEqual([2, 0, 1, 2]);
    expect(laneFor(7, 1)).toBe(0);
    expect(() => laneFor(0, 0)).toThrow(RangeError);
  });

  it("names one pg-boss queue per endpoint lane", () => {
    expect(laneQueue("e1", 3)).toBe("generate.e1.3");
  });
});

describe("etaSeconds", () => {
  const startedAt = new Date("2026-12-01T10:00:00Z");
  it("is the time left at the rate so far", () => {
    // 40 of 100 in 20 s: 2 a second, 60 left: 30 s.
    expect(etaSeconds({ requests: 100, finished: 40, startedAt, now: new Date("2026-12-01T10:00:20Z") })).toBe(30);
    // 3 of 10 in 7 s: 7 left at 3/7 a second = 16.33 s, rounded up.
    expect(etaSeconds({ requests: 10, finished: 3, startedAt, now: new Date("2026-12-01T10:00:07Z") })).toBe(17);
  });

  it("is unknown before a rate exists, and 0 when everything is finished", () => {
    expect(etaSeconds({ requests: 10, finished: 0, startedAt, now: new Date("2026-12-01T10:00:05Z") })).toBeNull();
    expect(etaSeconds({ requests: 10, finished: 2, startedAt: null, now: startedAt })).toBeNull();
    expect(etaSeconds({ requests: 10, finished: 2, startedAt, now: startedAt })).toBeNull();
    expect(etaSeconds({ requests: 10, finished: 10, startedAt, now: startedAt })).toBe(0);
    expect(etaSeconds({ requests: 0, finished: 0, startedAt: null, now: startedAt })).toBe(0);
  });
});

describe("formatDuration", () => {
  it("reads as people say it", () => {
    expect(formatDuration(45)).toBe("45 s");
    expect(formatDuration(200)).toBe("3 min 20 s");
    expect(formatDuration(120)).toBe("2 min");
    expect(formatDuration(3900)).toBe("1 h 5 min");
    expect(formatDuration(7200)).toBe("2 h");
  });
});
