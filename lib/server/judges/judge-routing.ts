import "server-only";
import { targetOverlapFor } from "@/lib/domain/judges/routing";
import { recordAudit } from "@/lib/server/audit-queries";
import type { Queryable } from "@/lib/server/db/query";
import { judgeForRun, runAnnotations, selectRun, setRunStatus } from "@/lib/server/judges/judge-queries";
import { fitSlotsToTargets, setTargetOverlaps } from "@/lib/server/judges/routing-queries";

// The end of a run (docs/JUDGES.md, "Runs" and "Routing"), in the transaction that records its
// last answer: the run is completed (failed when every request failed), and a judge with
// routing on sets each answered item's human overlap and fits its slots to it.

export async function finishRun(tx: Queryable, runId: string): Promise<void> {
  const run = await selectRun(tx, runId, { forUpdate: true });
  if (!run || (run.status !== "queued" && run.status !== "running")) return;
  const judge = await judgeForRun(tx, run.judge_id);
  if (!judge) return;
  if (run.items > 0 && run.failed >= run.items * 2) {
    await setRunStatus(tx, runId, "failed", `every request failed (${run.failed}): see the run's items for the errors`);
    return;
  }
  await setRunStatus(tx, runId, "completed");
  if (!judge.routing) return;
  const routed = await routeRun(tx, judge, runId);
  await recordAudit(tx, {
    actorId: null,
    action: "judge.route",
    entityType: "judge_run",
    entityId: runId,
    projectId: run.project_id,
    after: { judge: judge.name, auditRate: judge.audit_rate, ...routed },
  });
}

/** Sets the targets of a run's items and fits their slots; counts per outcome. */
export async function routeRun(
  tx: Queryable,
  judge: { id: string; audit_rate: number },
  runId: string,
): Promise<{ fullOverlap: number; audited: number; judgeOnly: number; slotsAdded: number; slotsRemoved: number }> {
  const answers = await runAnnotations(tx, judge.id, runId);
  const targets = answers.map((a) => targetOverlapFor(a, a.item_id, judge.id, judge.audit_rate));
  const itemIds = answers.map((a) => a.item_id);
  await setTargetOverlaps(tx, itemIds, targets);
  const { added, removed } = await fitSlotsToTargets(tx, itemIds);
  return {
    fullOverlap: targets.filter((t) => t === null).length,
    audited: targets.filter((t) => t === 1).length,
    judgeOnly: targets.filter((t) => t === 0).length,
    slotsAdded: added,
    slotsRemoved: removed,
  };
}
