// The baseline of the queue benchmark: the statements the app sends for a claim and a
// submit (lib/server/queue: a project lookup and rlhf_claim_task; a lease lookup and
// rlhf_submit_annotation; with the next task, rlhf_claim_task in the lease's project), sent
// straight to PostgreSQL without HTTP, auth, Next.js or Prisma.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { StatsAnswer } from "../../lib/domain/agreement/item-stats";
import { agreementStatsWrite, WRITE_STATS_SQL } from "../../lib/server/agreement/item-stats-write-queries";

export interface BaselineTask {
  id: string;
  item: { id: string; completions: { id: string }[] };
}

export async function claimSql(client: pg.PoolClient, projectSlug: string, labelerId: string) {
  const claimed = await client.query<{ result: { outcome: string; task?: BaselineTask } }>(
    "SELECT rlhf_claim_task((SELECT id FROM projects WHERE slug = $1), $2::uuid) AS result",
    [projectSlug, labelerId],
  );
  return taskOf(claimed.rows[0]!.result);
}

/** The claim of a submit with the next task (queue-queries.ts claimTaskAfterLease): the same statement. */
export async function claimAfterLeaseSql(client: pg.PoolClient, leaseId: string, labelerId: string) {
  const claimed = await client.query<{ result: { outcome: string; task?: BaselineTask } }>(
    "SELECT rlhf_claim_task((SELECT project_id FROM leases WHERE id = $1), $2::uuid) AS result",
    [leaseId, labelerId],
  );
  return taskOf(claimed.rows[0]!.result);
}

function taskOf(result: { outcome: string; task?: BaselineTask }) {
  if (result.outcome === "empty") return null;
  if (result.outcome !== "task") throw new Error(`claim ${result.outcome}`);
  return result.task!;
}

export async function submitSql(client: pg.PoolClient, task: BaselineTask, labelerId: string) {
  await client.query(
    `SELECT l.labeler_id, l.item_id, l.display_order, p.kind, p.likert_enabled, p.flags, p.min_demo_length
       FROM leases l JOIN projects p ON p.id = l.project_id WHERE l.id = $1`,
    [task.id],
  );
  const answer = { ranking: task.item.completions.map((c) => [c.id]), strength: 2, timeSpentMs: 1000 };
  const stored = await client.query<{
    result: { outcome: string; item?: { answers: StatsAnswer[] | null; lengths: Record<string, number> | null } };
  }>("SELECT rlhf_submit_annotation($1, $2, $3, $4) AS result", [
    task.id,
    labelerId,
    randomUUID(),
    JSON.stringify(answer),
  ]);
  const result = stored.rows[0]!.result;
  if (result.outcome !== "stored") throw new Error(`submit ${result.outcome}`);
  // lib/server/agreement/item-stats.ts storeItemStats: the same computation and statement.
  const { params } = agreementStatsWrite([
    { id: task.item.id, kind: "comparison", lengths: result.item?.lengths ?? {}, answers: result.item?.answers ?? [] },
  ]);
  await client.query(WRITE_STATS_SQL, params);
}
