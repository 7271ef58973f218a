// What an admin (and a generation item) reads when an endpoint fails: never the key.
import { describe, expect, it } from "vitest";
import { APIConnectionTimeoutError, APIError } from "openai";
import { describeEndpointError, redactSecrets } from "@/lib/server/models/endpoint-errors";

const KEY = "sk-live-9f8e7d6c5b4a39281706";
const headers = (entries: Record<string, string> = {}) => new Headers(entries);

describe("redactSecrets", () => {
  it("removes the key, OpenAI's masked echo of it and bearer tokens", () => {
    expect(redactSecrets(`Incorrect API key provided: ${KEY}.`, [KEY])).toBe("Incorrect API key provided: [redacted]");
    expect(redactSecrets("Incorrect API key provided: sk-live-****1706.", [])).toBe(
      "Incorrect API key provided: [redacted]",
    );
    expect(redactSecrets(`proxy said Bearer ${KEY}`, [])).toBe("proxy said Bearer [redacted]");
    expect(redactSecrets(`key ${KEY} in the middle`, [KEY])).toBe("key [redacted] in the middle");
    expect(redactSecrets("x".repeat(1000), []).length).toBe(300);
  });
});

describe("describeEndpointError", () => {
  it("names a refused key without repeating it", () => {
    const error = APIError.generate(
      401,
      { error: { message: `Incorrect API key provided: ${KEY}` } },
      undefined,
      headers(),
    );
    const failure = describeEndpointError(error, [KEY]);
    expect(failure).toEqual({
      kind: "auth",
      status: 401,
      retryable: false,
      retryAfterSeconds: null,
      message: "the endpoint refused the key (401): Incorrect API key provided: [redacted]",
    });
  });

  it("reads Retry-After (seconds or retry-after-ms) on a 429 and calls it retryable", () => {
    const limited = APIError.generate(
      429,
      { error: { message: "slow down" } },
      undefined,
      headers({ "retry-after": "2" }),
    );
    expect(describeEndpointError(limited, [])).toMatchObject({
      kind: "rate_limited",
      retryable: true,
      retryAfterSeconds: 2,
      message: "rate limited (429); it asks to retry after 2 s: slow down",
    });
    const ms = APIError.generate(429, undefined, undefined, headers({ "retry-after-ms": "1500" }));
    expect(describeEndpointError(ms, []).retryAfterSeconds).toBe(1.5);
  });

  it("tells a redirect, a server error, a timeout and malformed JSON apart", () => {
    expect(describeEndpointError(APIError.generate(302, undefined, "", headers()), [])).toMatchObject({
      kind: "redirect",
      retryable: false,
    });
    expect(describeEndpointError(APIError.generate(503, undefined, "", headers()), [])).toMatchObject({
      kind: "server",
      retryable: true,
      message: "the endpoint failed (503)",
    });
    expect(describeEndpointError(new APIConnectionTimeoutError(), [], 1500)).toMatchObject({
      kind: "timeout",
      message: "no answer within 1.5 s",
    });
    expect(describeEndpointError(new SyntaxError("Unexpected end of JSON input"), [])).toMatchObject({
      kind: "bad_response",
      message: "the endpoint's answer is not valid JSON",
    });
    expect(describeEndpointError(new Error(`boom ${KEY}`), [KEY]).message).not.toContain(KEY);
  });
});
