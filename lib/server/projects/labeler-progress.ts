import "server-only";
import { db } from "@/lib/server/db/client";

/** Counting stops here: "10,000+" is as useful to a labeler as the exact figure, and cheap. */
export const REMAINING_CAP = 10_000;

export interface LabelerProjectProgress {
  projectId: string;
  remaining: number;
  doneToday: number;
  doneTotal: number;
}

/**
 * Per project: items this labeler could still be served (eligible for them and with a free
 * slot: the same database functions the claim uses, prisma/sql/functions), and their own
 * annotations today and in total.
 */
export async function labelerProgress(
  userId: string,
  projectIds: string[],
): Promise<Map<string, LabelerProjectProgress>> {
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  const result = new Map<string, LabelerProjectProgress>();
  for (const projectId of projectIds) {
    const [remaining] = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM (
        SELECT i.id FROM rlhf_items_eligible_for(${projectId}::uuid, ${userId}::uuid) i
         WHERE EXISTS (SELECT 1 FROM slots s WHERE s.item_id = i.id AND rlhf_slot_is_free(s.state, s.lease_expires_at))
         LIMIT ${REMAINING_CAP}) r`;
    const [doneToday, doneTotal] = await Promise.all([
      db.annotation.count({ where: { projectId, labelerId: userId, createdAt: { gte: startOfDay } } }),
      db.annotation.count({ where: { projectId, labelerId: userId } }),
    ]);
    result.set(projectId, { projectId, remaining: remaining?.n ?? 0, doneToday, doneTotal });
  }
  return result;
}
