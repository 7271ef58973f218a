import { describe, expect, it } from "vitest";
import {
  RETRY_DELAYS_MS,
  describeFailure,
  parseRetryAfter,
  problemsFrom,
  retryDelayMs,
} from "@/components/labeling/failures";

const failure = (status: number, retryAfterMs?: number) => ({ status, message: `answered ${status}`, retryAfterMs });

describe("labeling page: which failures are retried", () => {
  it("never retries a refusal: 400, 401, 403, 404, 409, 413, 422, nor a 500", () => {
    for (const status of [400, 401, 403, 404, 409, 413, 422, 500]) {
      expect(retryDelayMs(failure(status), 0), `status ${status}`).toBeNull();
      expect(retryDelayMs(failure(status, 1000), 0), `status ${status} with Retry-After`).toBeNull();
    }
  });

  it("retries no answer at all and 502/503/504 with backoff, honouring Retry-After", () => {
    for (const status of [0, 502, 503, 504]) {
      expect(RETRY_DELAYS_MS.map((_, attempt) => retryDelayMs(failure(status), attempt))).toEqual(RETRY_DELAYS_MS);
      expect(retryDelayMs(failure(status), RETRY_DELAYS_MS.length)).toBeNull();
    }
    expect(retryDelayMs(failure(503, 5000), 0)).toBe(5000);
    expect(retryDelayMs(failure(503, 500), 2)).toBe(4000);
  });

  it("retries a 429 only when the server says when, and not when it asks for a long wait", () => {
    expect(retryDelayMs(failure(429, 1000), 0)).toBe(1000);
    expect(retryDelayMs(failure(429), 0)).toBeNull();
    expect(retryDelayMs(failure(429, 120_000), 0)).toBeNull();
    expect(retryDelayMs(failure(503, 120_000), 0)).toBeNull();
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-12-01T10:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 10:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Tue, 01 Dec 2026 09:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("labeling page: the server's message as text", () => {
  it("turns zod issues and plain strings into readable lines naming the field, never [object Object]", () => {
    expect(problemsFrom([{ path: "rewrite.text", message: "the rewrite is empty" }])).toEqual([
      "Rewrite: the rewrite is empty",
    ]);
    expect(problemsFrom([{ path: "", message: "Invalid input" }, "ranking: required"])).toEqual([
      "Invalid input",
      "Order: required",
    ]);
    expect(
      problemsFrom([
        { path: "comment", message: "comment is longer than 5,000 characters" },
        { path: "ratings.3f1c", message: "ratings are 1 to 7" },
        { path: "answer.comment", message: "too long" },
        { path: "somethingElse", message: "odd" },
        "a comparison needs exactly two completions",
      ]),
    ).toEqual([
      "Comment: comment is longer than 5,000 characters",
      "Quality rating: ratings are 1 to 7",
      "Comment: too long",
      "somethingElse: odd",
      "a comparison needs exactly two completions",
    ]);
    expect(problemsFrom([{ code: 7 }, null, 3])).toBeUndefined();
    expect(problemsFrom({ reason: "lease_expired" })).toBeUndefined();
    expect(problemsFrom(undefined)).toBeUndefined();
  });

  it("prefers the details and falls back on the message", () => {
    expect(describeFailure({ status: 400, message: "Invalid request body", problems: ["a: b", "c: d"] })).toBe(
      "a: b; c: d",
    );
    expect(describeFailure({ status: 403, message: "Cross-site request refused" })).toBe("Cross-site request refused");
  });
});
