import "server-only";
import { env } from "@/lib/server/env";
import { startAgreementStatsRefresher } from "@/lib/server/agreement/stats-refresher";
import { startLeaseSweeper } from "@/lib/server/queue/lease-sweeper";

// Imported once at server start. In production a missing AUTH_SECRET (or any other
// invalid setting) stops the server here, before it answers a single request.
if (process.env.NEXT_PHASE !== "phase-production-build") {
  try {
    env();
  } catch (error) {
    console.error(`RLHF Studio cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
  startLeaseSweeper();
  startAgreementStatsRefresher();
}
