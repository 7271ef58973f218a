import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { pool } from "@/lib/server/db/client";
import {
  ensurePacingRow,
  pauseEndpointFor,
  pausedUntilMs,
  returnPacingToken,
  takePacingToken,
} from "@/lib/server/generation/pacing-queries";

// Request pacing per endpoint, shared by every worker process through one row each in
// endpoint_pacing (docs/MODELS.md, "Limits"):
// - requests_per_minute: a token bucket refilled at rpm/60 tokens a second, holding at most one
//   second's worth (at least 1), so the rate holds over any minute and bursts stay small;
// - a 429's Retry-After pauses the endpoint for everyone until then (paused_until).

/** Retry-After beyond this is cut to it: a server asking for an hour does not stall a job's lanes for an hour. */
export const MAX_PAUSE_SECONDS = 600;
/** A worker re-reads an endpoint's pause this often (a pause set elsewhere is seen within it). */
const PAUSE_READ_MS = 1000;

/**
 * Waits until the endpoint may be sent one more request, and takes its token. `signal` stops
 * the wait (the worker is stopping); the return value says whether a token was taken.
 */
export async function acquireRequestSlot(
  endpointId: string,
  requestsPerMinute: number | null,
  signal?: AbortSignal,
): Promise<boolean> {
  for (;;) {
    if (signal?.aborted) return false;
    const wait =
      requestsPerMinute === null ? await pauseLeft(endpointId) : await takeToken(endpointId, requestsPerMinute);
    if (wait <= 0) return true;
    // Short naps: a stopping worker or a lifted pause is noticed quickly.
    await sleep(Math.min(wait * 1000, 1000), undefined, { signal }).catch(() => {});
  }
}

/** Gives back a token taken for a request that was never sent (no job was waiting). */
export async function returnToken(endpointId: string, requestsPerMinute: number | null): Promise<void> {
  if (requestsPerMinute !== null) await returnPacingToken(pool(), endpointId, requestsPerMinute);
}

/** Seconds to wait, or 0 after taking a token. */
async function takeToken(endpointId: string, rpm: number): Promise<number> {
  await ensurePacingRow(pool(), endpointId, rpm);
  const { taken, wait } = await takePacingToken(pool(), endpointId, rpm);
  return taken ? 0 : wait;
}

const pauses = new Map<string, { until: number; readAt: number }>();

async function pauseLeft(endpointId: string): Promise<number> {
  const now = Date.now();
  let known = pauses.get(endpointId);
  if (!known || now - known.readAt > PAUSE_READ_MS) {
    known = { until: await pausedUntilMs(pool(), endpointId), readAt: now };
    pauses.set(endpointId, known);
  }
  return Math.max(0, (known.until - now) / 1000);
}

/** A 429 asked to wait: no worker sends this endpoint anything before then. */
export async function pauseEndpoint(endpointId: string, seconds: number): Promise<void> {
  const wait = Math.min(Math.max(seconds, 0), MAX_PAUSE_SECONDS);
  await pauseEndpointFor(pool(), endpointId, wait);
  pauses.set(endpointId, { until: Date.now() + wait * 1000, readAt: Date.now() });
}
