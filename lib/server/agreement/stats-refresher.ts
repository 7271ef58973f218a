import "server-only";
import { refreshAllStaleAgreementStats } from "@/lib/server/agreement/item-stats";
import { isDatabaseUnavailable } from "@/lib/server/db/unavailable";
import { env } from "@/lib/server/env";
import { refreshDueProjectSummaries } from "@/lib/server/projects/project-summary";

/**
 * Every AGREEMENT_REFRESH_SECONDS in this process (started at server start, like the lease
 * sweep), so that no page render ever has to:
 * - repairs stale agreement stats: a submit stores its item's stats itself, and this catches
 *   the rest (a process that died between a submit and its stats write, answers written
 *   straight into the tables);
 * - then refreshes the stored figures of large projects that are due (project-summary.ts).
 * One run at a time; a run that finds the database away says so once and tries again next time.
 */
export function startAgreementStatsRefresher() {
  const seconds = env().AGREEMENT_REFRESH_SECONDS;
  if (seconds === 0) return;
  let running = false;
  let databaseAway = false;
  const refresh = async () => {
    if (running) return;
    running = true;
    try {
      const refreshed = await refreshAllStaleAgreementStats();
      if (refreshed) console.info(`agreement stats: refreshed ${refreshed} item(s)`);
      const summaries = await refreshDueProjectSummaries();
      if (summaries) console.info(`project figures: refreshed ${summaries} large project(s)`);
      databaseAway = false;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) console.error("agreement stats refresh failed", error);
      else if (!databaseAway) console.warn("agreement stats refresh: database unavailable, will retry");
      databaseAway = isDatabaseUnavailable(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void refresh(), seconds * 1000 + Math.floor(Math.random() * 1000));
  timer.unref();
}
