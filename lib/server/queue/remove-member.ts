import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";
import { releaseLeases } from "@/lib/server/queue/release-leases";

/** Takes a labeler off a project; the slots they hold there go back to the queue. */
export async function removeProjectMember(slug: string, userId: string, actorId: string) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { slug } });
    if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
    const membership = await tx.membership.findUnique({
      where: { projectId_userId: { projectId: project.id, userId } },
      include: { user: { select: { email: true } } },
    });
    if (!membership) throw new AppError("not_found", "That person is not a member of this project");
    const released = await releaseLeases(tx, { labelerId: userId, projectId: project.id });
    await tx.membership.delete({ where: { projectId_userId: { projectId: project.id, userId } } });
    await recordAudit(tx, {
      actorId,
      action: "project.remove_member",
      entityType: "membership",
      entityId: `${project.id}:${userId}`,
      projectId: project.id,
      before: { email: membership.user.email, slug },
      after: { releasedLeases: released },
    });
    return { released };
  });
}
