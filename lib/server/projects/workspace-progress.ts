import "server-only";
import { inHandAndAnsweredSince } from "@/lib/server/answers/answer-queries";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { db, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { REMAINING_CAP } from "@/lib/server/projects/labeler-progress";
import { gateWith, remainingFor, type LabelerGate } from "@/lib/server/projects/project-queries";

export interface WorkspaceProgress {
  /** Tasks this labeler could still answer here, counting the one in hand (capped at REMAINING_CAP). */
  remaining: number;
  /** What stands before real tasks: "qualification" while `remaining` counts qualification items. */
  gate: LabelerGate;
  /** Their answers in this project since `since` (the labeling session's start). */
  doneSince: number;
}

/**
 * The labeling page's progress line. "Left for you" counts a task in hand as left until it is
 * submitted, so that opening a task does not change it (the claim's eligibility excludes items
 * the labeler holds a slot of). The session's count comes from the server, so that a reload
 * (which keeps the session's start in sessionStorage) shows the same number.
 */
export async function workspaceProgress(user: SessionUser, slug: string, since: Date): Promise<WorkspaceProgress> {
  const project = await db.project.findFirst({
    where: { slug, memberships: { some: { userId: user.id } } },
    select: { id: true },
  });
  if (!project) throw new AppError("not_found", "No such project");
  const [eligible, counts] = await Promise.all([
    remainingFor(pool(), project.id, user.id, REMAINING_CAP),
    inHandAndAnsweredSince(pool(), project.id, user.id, since),
  ]);
  const remaining = Math.min(REMAINING_CAP, eligible.n + counts.inHand);
  return { remaining, gate: gateWith(eligible.gate, remaining), doneSince: counts.since };
}
