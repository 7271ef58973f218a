import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { updateProjectStatus } from "@/lib/server/projects/project-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { recordAudit } from "@/lib/server/audit-queries";
import { releaseLeases } from "@/lib/server/queue/release-leases";
import { assertCanStart } from "@/lib/server/quality/quality-settings";

/**
 * Pause (labelers get no new tasks, but finish the ones in hand), resume, or archive (hidden
 * from labelers; all work ends: every lease is released, and work on those tasks gets 409).
 */
export async function setProjectStatus(slug: string, status: "active" | "paused" | "archived", actorId: string) {
  return inTransaction(async (tx) => {
    // Locked: two status changes at once must not both record the same "before".
    const project = await requireProject(slug, { tx, forUpdate: true });
    if (project.status === status) return { ...project, releasedLeases: 0 };
    // Issue 16 (qual): qualification required and nothing to qualify with: the project stays a draft.
    if (status === "active") await assertCanStart(tx, project.id);
    const after = await updateProjectStatus(tx, project.id, status);
    const releasedLeases = status === "archived" ? await releaseLeases(tx, { projectId: project.id }) : 0;
    await recordAudit(tx, {
      actorId,
      action: `project.${status === "active" ? "resume" : status === "paused" ? "pause" : "archive"}`,
      entityType: "project",
      entityId: project.id,
      projectId: project.id,
      before: { status: project.status },
      after: status === "archived" ? { status, releasedLeases } : { status },
    });
    return { ...after, releasedLeases };
  });
}
