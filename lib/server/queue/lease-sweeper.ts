import "server-only";
import { pool } from "@/lib/server/db/client";
import { releaseExpiredLeaseRows } from "@/lib/server/queue/queue-queries";
import { isDatabaseUnavailable } from "@/lib/server/db/unavailable";
import { env } from "@/lib/server/env";

/** Gives the slots of expired leases back now (of one project, or all); returns how many. */
export async function releaseExpiredLeases(projectId: string | null = null): Promise<number> {
  return releaseExpiredLeaseRows(pool(), projectId);
}

/**
 * Runs the expiry sweep every LEASE_SWEEP_SECONDS in this process (started at server
 * start). A sweep that finds the database away says so once and tries again next time.
 */
export function startLeaseSweeper() {
  const seconds = env().LEASE_SWEEP_SECONDS;
  if (seconds === 0) return;
  let databaseAway = false;
  const sweep = async () => {
    try {
      await releaseExpiredLeases();
      databaseAway = false;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) console.error("lease sweep failed", error);
      else if (!databaseAway) console.warn("lease sweep: database unavailable, will retry");
      databaseAway = isDatabaseUnavailable(error);
    }
  };
  // Spread the instances' sweeps a little.
  const timer = setInterval(() => void sweep(), seconds * 1000 + Math.floor(Math.random() * 1000));
  timer.unref();
}
