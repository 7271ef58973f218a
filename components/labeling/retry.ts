// The labeling page's one retry loop: claim and submit both go through it, so "what is worth
// sending again, and after how long" is decided in one place (retryDelayMs in failures.ts).
// Pure (no React), so the loop is unit-tested with a fake clock.
import { retryDelayMs, type Failure } from "./failures";

type Answer = { ok: true } | ({ ok: false } & Failure);

/** Resolves after `ms`, or at once when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });

export interface RetryOptions {
  /** Aborted when the page goes away: the loop stops and resolves null. */
  signal?: AbortSignal;
  /** Told before each wait: `attempt` counts from 0. */
  onRetry?: (attempt: number, failure: Failure, delayMs: number) => void;
  /** Replaced in tests. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sends until an answer that is final: a success, a refusal (4xx, 500), or an outage that
 * outlasted the backoff. Resolves that answer, or null when `signal` aborted meanwhile (nothing
 * must act on an answer for a page that is gone).
 */
export async function sendWithRetries<R extends Answer>(
  send: () => Promise<R>,
  { signal, onRetry, wait = sleep }: RetryOptions = {},
): Promise<R | null> {
  for (let attempt = 0; ; attempt += 1) {
    if (signal?.aborted) return null;
    const answer = await send();
    if (signal?.aborted) return null;
    if (answer.ok) return answer;
    const delay = retryDelayMs(answer, attempt);
    if (delay === null) return answer;
    onRetry?.(attempt, answer, delay);
    await wait(delay, signal);
  }
}
