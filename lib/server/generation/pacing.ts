import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { pool } from "@/lib/server/db/client";

// Request pacing per endpoint, shared by every worker process through one row each in
// endpoint_pacing (docs/MODELS.md, "Limits"):
// - requests_per_minute: a token bucket refilled at rpm/60 tokens a second, holding at most one
//   second's worth (at least 1), so the rate holds over any minute and bursts stay small;
// - a 429's Retry-After pauses the endpoint for everyone until then (paused_until).

/** Retry-After beyond this is cut to it: a server asking for an hour does not stall a job's lanes for an hour. */
export const MAX_PAUSE_SECONDS = 600;
/** A worker re-reads an endpoint's pause this often (a pause set elsewhere is seen within it). */
const PAUSE_READ_MS = 1000;

const takeSchema = z.object({ taken: z.boolean(), wait: z.coerce.number() });

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
  if (requestsPerMinute === null) return;
  await pool().query(
    "UPDATE endpoint_pacing SET tokens = least(greatest($2::float8 / 60, 1), tokens + 1) WHERE endpoint_id = $1",
    [endpointId, requestsPerMinute],
  );
}

/** Seconds to wait, or 0 after taking a token. */
async function takeToken(endpointId: string, rpm: number): Promise<number> {
  await ensureRow(endpointId, rpm);
  const { rows } = await pool().query(
    `WITH cur AS (
       SELECT endpoint_id, paused_until,
              least(greatest($2::float8 / 60, 1),
                    tokens + extract(epoch FROM clock_timestamp() - refilled_at) * $2::float8 / 60) AS t
         FROM endpoint_pacing WHERE endpoint_id = $1 FOR UPDATE
     ), took AS (
       UPDATE endpoint_pacing p SET tokens = cur.t - 1, refilled_at = clock_timestamp()
         FROM cur
        WHERE p.endpoint_id = cur.endpoint_id AND cur.t >= 1 AND cur.paused_until <= clock_timestamp()
       RETURNING 1
     )
     SELECT EXISTS (SELECT 1 FROM took) AS taken,
            greatest(extract(epoch FROM cur.paused_until - clock_timestamp()),
                     (1 - cur.t) * 60 / $2::float8, 0.01) AS wait
       FROM cur`,
    [endpointId, rpm],
  );
  const { taken, wait } = takeSchema.parse(rows[0]);
  return taken ? 0 : wait;
}

async function ensureRow(endpointId: string, rpm: number | null): Promise<void> {
  await pool().query(
    `INSERT INTO endpoint_pacing (endpoint_id, tokens) VALUES ($1, greatest(coalesce($2::float8, 60) / 60, 1))
     ON CONFLICT (endpoint_id) DO NOTHING`,
    [endpointId, rpm],
  );
}

const pauses = new Map<string, { until: number; readAt: number }>();

async function pauseLeft(endpointId: string): Promise<number> {
  const now = Date.now();
  let known = pauses.get(endpointId);
  if (!known || now - known.readAt > PAUSE_READ_MS) {
    const { rows } = await pool().query(
      "SELECT (extract(epoch FROM paused_until) * 1000)::float8 AS until FROM endpoint_pacing WHERE endpoint_id = $1",
      [endpointId],
    );
    const until = rows[0] ? z.coerce.number().parse(rows[0].until) : 0;
    known = { until, readAt: now };
    pauses.set(endpointId, known);
  }
  return Math.max(0, (known.until - now) / 1000);
}

/** A 429 asked to wait: no worker sends this endpoint anything before then. */
export async function pauseEndpoint(endpointId: string, seconds: number): Promise<void> {
  const wait = Math.min(Math.max(seconds, 0), MAX_PAUSE_SECONDS);
  await pool().query(
    `INSERT INTO endpoint_pacing (endpoint_id, tokens, paused_until)
     VALUES ($1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (endpoint_id) DO UPDATE
       SET paused_until = greatest(endpoint_pacing.paused_until, excluded.paused_until)`,
    [endpointId, wait],
  );
  pauses.set(endpointId, { until: Date.now() + wait * 1000, readAt: Date.now() });
}
