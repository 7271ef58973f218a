import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";
import { releaseLeases } from "@/lib/server/queue/release-leases";

/**
 * Pause (labelers get no new tasks, but finish the ones in hand), resume, or archive (hidden
 * from labelers; all work ends: every lease is released, and work on those tasks gets 409).
 */
export async function setProjectStatus(slug: string, status: "active" | "paused" | "archived", actorId: string) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { slug } });
    if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
    if (project.status === status) return { ...project, releasedLeases: 0 };
    const after = await tx.project.update({ where: { id: project.id }, data: { status } });
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
