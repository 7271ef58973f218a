// The baseline of the queue benchmark: the statements the app sends for a claim and a
// submit with a bearer token (lib/server/queue/queue-queries.ts: the token check joined into
// rlhf_claim_task's statement; the token check joined into the lease lookup, then
// rlhf_submit_annotation; with the next task, rlhf_claim_task in the lease's project), sent
// straight to PostgreSQL without HTTP, Next.js or Prisma. Copies of the app's statements
// (lib/server modules cannot be imported outside the server): keep them the same.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { StatsAnswer } from "../../lib/domain/agreement/item-stats";
import { agreementStatsWrite, WRITE_STATS_SQL } from "../../lib/server/agreement/item-stats-write-queries";

export interface BaselineTask {
  id: string;
  item: { id: string; completions: { id: string }[] };
}

/** auth-queries.ts LIVE_TOKEN_USER_SQL: the one definition of a valid token. */
const LIVE_TOKEN_USER_SQL = `SELECT t.id AS token_id, t.last_used_at, t.scopes, u.id, u.email, u.name, u.role::text AS role
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
        AND u.active`;

/** queue-queries.ts claimTaskWithToken. */
export async function claimSql(client: pg.PoolClient, projectSlug: string, tokenHash: string) {
  const claimed = await client.query<{ result: { outcome: string; task?: BaselineTask } }>(
    `SELECT tu.*, CASE WHEN 'label' = ANY(tu.scopes)
                       THEN rlhf_claim_task((SELECT id FROM projects WHERE slug = $2), tu.id::uuid) END AS result
       FROM (${LIVE_TOKEN_USER_SQL}) tu`,
    [tokenHash, projectSlug],
  );
  if (!claimed.rows[0]) throw new Error("claim: token refused");
  return taskOf(claimed.rows[0].result);
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

/** queue-queries.ts leaseContextWithToken, rlhf_submit_annotation, then the item's stats. */
export async function submitSql(client: pg.PoolClient, task: BaselineTask, labelerId: string, tokenHash: string) {
  const lease = await client.query(
    `SELECT tu.*,
            (SELECT to_jsonb(c) FROM (
               SELECT l.labeler_id, l.item_id, l.display_order, p.kind::text AS kind, p.likert_enabled, p.flags,
                      p.min_demo_length, l.project_id, p.overlap_min, p.overlap_max, p.overlap_threshold,
                      p.overlap_confidence, (SELECT i.gold_role FROM items i WHERE i.id = l.item_id) AS gold_role,
                      p.training_items
                 FROM leases l JOIN projects p ON p.id = l.project_id WHERE l.id = $2::uuid) c) AS lease
       FROM (${LIVE_TOKEN_USER_SQL}) tu`,
    [tokenHash, task.id],
  );
  if (!lease.rows[0]?.lease) throw new Error("submit: token refused or no lease");
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
