import "server-only";
import type { Tx } from "@/lib/server/db/client";
import { lockMemberships, releaseActiveLeases } from "@/lib/server/queue/queue-queries";

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
  await lockMemberships(tx, projectId, labelerId);
  return releaseActiveLeases(tx, projectId, labelerId);
}
