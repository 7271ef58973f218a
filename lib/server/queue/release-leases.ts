import "server-only";
import type { Tx } from "@/lib/server/db/client";

/** Whose leases to release: a labeler's (everywhere, or in one project), or a whole project's. */
export type ReleaseScope = { labelerId: string; projectId?: string } | { projectId: string; labelerId?: undefined };

/**
 * Ends every active lease in the scope as released, and gives back the slots those leases
 * still held (rlhf_lease_is_held). Used when a member is removed, an account deactivated and
 * a project archived. The membership rows of the scope are locked first, as every claim
 * locks its own (rlhf_claim_task): a claim in flight finishes first and its lease is released
 * here too, and a later one finds the membership gone or the project archived. Each lease is
 * locked before its slot, in the order a submit takes them.
 */
export async function releaseLeases(tx: Tx, scope: ReleaseScope): Promise<number> {
  const projectId = scope.projectId ?? null;
  const labelerId = scope.labelerId ?? null;
  await tx.$queryRaw`
    SELECT 1 FROM memberships
     WHERE (${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid)
       AND (${labelerId}::uuid IS NULL OR user_id = ${labelerId}::uuid)
       FOR UPDATE`;
  // Each ended lease was active a moment ago: its slot goes back if the lease still held it.
  const rows = await tx.$queryRaw<{ released: number }[]>`
    WITH ended AS (
      UPDATE leases SET state = 'released', ended_at = now()
       WHERE state = 'active'
         AND (${projectId}::uuid IS NULL OR project_id = ${projectId}::uuid)
         AND (${labelerId}::uuid IS NULL OR labeler_id = ${labelerId}::uuid)
      RETURNING slot_id, labeler_id
    ), opened AS (
      UPDATE slots s SET state = 'open', labeler_id = NULL, lease_expires_at = NULL
        FROM ended e
       WHERE s.id = e.slot_id AND rlhf_lease_is_held('active', e.labeler_id, s.state, s.labeler_id)
      RETURNING s.id
    )
    SELECT (SELECT count(*) FROM ended)::int AS released`;
  return rows[0]!.released;
}
