import { describe, expect, it } from "vitest";
import { RETRY_DELAYS_MS, type Failure } from "@/components/labeling/failures";
import { sendWithRetries, sleep } from "@/components/labeling/retry";

type Answer = { ok: true; data: string } | ({ ok: false } & Failure);
const ok: Answer = { ok: true, data: "stored" };
const failed = (status: number, retryAfterMs?: number): Answer => ({
  ok: false,
  status,
  message: `answered ${status}`,
  retryAfterMs,
});

/** A server that gives these answers in turn, and a clock that records every wait. */
function scripted(...answers: Answer[]) {
  const sent: number[] = [];
  const waits: number[] = [];
  return {
    send: async () => {
      sent.push(sent.length);
      return answers[Math.min(sent.length - 1, answers.length - 1)]!;
    },
    wait: async (ms: number) => {
      waits.push(ms);
    },
    sent,
    waits,
  };
}

describe("labeling page: the one retry loop", () => {
  it("sends a request once when it succeeds", async () => {
    const server = scripted(ok);
    expect(await sendWithRetries(server.send, { wait: server.wait })).toEqual(ok);
    expect(server.sent).toHaveLength(1);
    expect(server.waits).toEqual([]);
  });

  it("sends a refusal (400, 403, 404, 409, 422, 500) once and hands it back", async () => {
    for (const status of [400, 403, 404, 409, 422, 500]) {
      const server = scripted(failed(status), ok);
      expect(await sendWithRetries(server.send, { wait: server.wait })).toEqual(failed(status));
      expect(server.sent, `status ${status}`).toHaveLength(1);
      expect(server.waits).toEqual([]);
    }
  });

  it("backs off through an outage, telling each retry, and returns the answer that got through", async () => {
    const server = scripted(failed(503), failed(0), failed(502), ok);
    const told: [number, number, number][] = [];
    const answer = await sendWithRetries(server.send, {
      wait: server.wait,
      onRetry: (attempt, failure, delay) => told.push([attempt, failure.status, delay]),
    });
    expect(answer).toEqual(ok);
    expect(server.waits).toEqual(RETRY_DELAYS_MS.slice(0, 3));
    expect(told).toEqual([
      [0, 503, 1000],
      [1, 0, 2000],
      [2, 502, 4000],
    ]);
  });

  it("gives up after the last backoff step and returns the outage", async () => {
    const server = scripted(failed(503));
    expect(await sendWithRetries(server.send, { wait: server.wait })).toEqual(failed(503));
    expect(server.sent).toHaveLength(RETRY_DELAYS_MS.length + 1);
    expect(server.waits).toEqual(RETRY_DELAYS_MS);
  });

  it("waits out a 429's Retry-After once, and does not retry a 429 that does not say when", async () => {
    const patient = scripted(failed(429, 1000), ok);
    expect(await sendWithRetries(patient.send, { wait: patient.wait })).toEqual(ok);
    expect(patient.waits).toEqual([1000]);
    const limited = scripted(failed(429), ok);
    expect(await sendWithRetries(limited.send, { wait: limited.wait })).toEqual(failed(429));
    expect(limited.sent).toHaveLength(1);
  });

  it("stops when the page goes away: no more sends, and no answer to act on", async () => {
    const controller = new AbortController();
    const server = scripted(failed(503), ok);
    const answer = await sendWithRetries(server.send, {
      signal: controller.signal,
      wait: async () => controller.abort(),
    });
    expect(answer).toBeNull();
    expect(server.sent).toHaveLength(1);

    // An answer that arrives after the page went away is dropped too.
    const late = new AbortController();
    const dropped = await sendWithRetries(
      async () => {
        late.abort();
        return ok;
      },
      { signal: late.signal },
    );
    expect(dropped).toBeNull();
  });

  it("sleep ends early when aborted", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const slept = sleep(60_000, controller.signal);
    controller.abort();
    await slept;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
