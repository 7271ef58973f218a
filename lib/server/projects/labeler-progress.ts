import "server-only";
import { db, pool } from "@/lib/server/db/client";
import { gateWith, remainingFor, type LabelerGate } from "@/lib/server/projects/project-queries";

/** Counting stops here: "10,000+" is as useful to a labeler as the exact figure, and cheap. */
export const REMAINING_CAP = 10_000;

export interface LabelerProjectProgress {
  projectId: string;
  remaining: number;
  /** What stands before real tasks (qualification, a pause...); null: nothing. */
  gate: LabelerGate;
  doneToday: number;
  doneTotal: number;
}

/**
 * Per project: items this labeler could still be served (eligible for them and with a free
 * slot: the same database functions the claim uses, prisma/sql/functions; behind a
 * qualification, its items), what gates them, and their own annotations today and in total.
 */
export async function labelerProgress(
  userId: string,
  projectIds: string[],
): Promise<Map<string, LabelerProjectProgress>> {
  const startOfDay = new Date();
  startOfDay.setUTCHours(0, 0, 0, 0);
  const result = new Map<string, LabelerProjectProgress>();
  for (const projectId of projectIds) {
    const [eligible, inHand, doneToday, doneTotal] = await Promise.all([
      remainingFor(pool(), projectId, userId, REMAINING_CAP),
      // A task in hand is still left for them until it is submitted (opening one changes nothing).
      db.slot.count({ where: { projectId, labelerId: userId, state: "leased" } }),
      db.annotation.count({ where: { projectId, labelerId: userId, createdAt: { gte: startOfDay } } }),
      db.annotation.count({ where: { projectId, labelerId: userId } }),
    ]);
    const remaining = Math.min(REMAINING_CAP, eligible.n + inHand);
    result.set(projectId, { projectId, remaining, gate: gateWith(eligible.gate, remaining), doneToday, doneTotal });
  }
  return result;
}
