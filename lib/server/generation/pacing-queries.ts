import "server-only";
import { z } from "zod";
import { execute, queryRow, type Queryable } from "@/lib/server/db/query";

// endpoint_pacing: one row per endpoint shared by every worker process (pacing.ts).

const takeSchema = z.object({ taken: z.boolean(), wait: z.coerce.number() });

/** The endpoint's row, its bucket full (one second's worth of rpm, at least 1). */
export async function ensurePacingRow(db: Queryable, endpointId: string, rpm: number | null): Promise<void> {
  await execute(
    db,
    `INSERT INTO endpoint_pacing (endpoint_id, tokens) VALUES ($1, greatest(coalesce($2::float8, 60) / 60, 1))
     ON CONFLICT (endpoint_id) DO NOTHING`,
    [endpointId, rpm],
  );
}

/**
 * Refills the bucket for the time since its last refill and takes a token when one is there
 * and the endpoint is not paused; otherwise says how many seconds to wait.
 */
export async function takePacingToken(db: Queryable, endpointId: string, rpm: number) {
  const row = await queryRow(
    db,
    takeSchema,
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
  return row ?? { taken: false, wait: 0.01 };
}

export async function returnPacingToken(db: Queryable, endpointId: string, rpm: number): Promise<void> {
  await execute(
    db,
    "UPDATE endpoint_pacing SET tokens = least(greatest($2::float8 / 60, 1), tokens + 1) WHERE endpoint_id = $1",
    [endpointId, rpm],
  );
}

/** When the endpoint's pause ends (ms since the epoch; 0 without a row). */
export async function pausedUntilMs(db: Queryable, endpointId: string): Promise<number> {
  const row = await queryRow(
    db,
    z.object({ until: z.coerce.number() }),
    "SELECT (extract(epoch FROM paused_until) * 1000)::float8 AS until FROM endpoint_pacing WHERE endpoint_id = $1",
    [endpointId],
  );
  return row?.until ?? 0;
}

/** No request to the endpoint before `seconds` from now (a longer pause already set stays). */
export async function pauseEndpointFor(db: Queryable, endpointId: string, seconds: number): Promise<void> {
  await execute(
    db,
    `INSERT INTO endpoint_pacing (endpoint_id, tokens, paused_until)
     VALUES ($1, 1, now() + make_interval(secs => $2))
     ON CONFLICT (endpoint_id) DO UPDATE
       SET paused_until = greatest(endpoint_pacing.paused_until, excluded.paused_until)`,
    [endpointId, seconds],
  );
}
