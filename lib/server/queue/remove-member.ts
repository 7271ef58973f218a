import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { isUuid } from "@/lib/server/db/query";
import { deleteMembership, memberEmail } from "@/lib/server/projects/project-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { releaseLeases } from "@/lib/server/queue/release-leases";

/** Takes a labeler off a project; the slots they hold there go back to the queue. */
export async function removeProjectMember(slug: string, userId: string, actorId: string) {
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx });
    const email = isUuid(userId) ? await memberEmail(tx, project.id, userId) : null;
    if (email === null) throw new AppError("not_found", "That person is not a member of this project");
    const released = await releaseLeases(tx, { labelerId: userId, projectId: project.id });
    await deleteMembership(tx, project.id, userId);
    await recordAudit(tx, {
      actorId,
      action: "project.remove_member",
      entityType: "membership",
      entityId: `${project.id}:${userId}`,
      projectId: project.id,
      before: { email, slug },
      after: { releasedLeases: released },
    });
    return { released };
  });
}
