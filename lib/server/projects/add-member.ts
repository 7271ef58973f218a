import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { insertMembership } from "@/lib/server/projects/project-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { lockUser } from "@/lib/server/users/user-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";

/** Adds a user to a project; adding someone who is already a member changes nothing. */
export async function addProjectMember(slug: string, email: string, actorId: string | null) {
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx });
    const user = await lockUser(tx, { email: email.trim().toLowerCase() });
    if (!user) throw new AppError("not_found", `no user with email ${email}`);
    if (!user.active) throw new AppError("conflict", `user ${email} is deactivated`);
    const added = await insertMembership(tx, project.id, user.id);
    if (!added) return { project: project.slug, userId: user.id, added: false };
    await recordAudit(tx, {
      actorId,
      action: "project.add_member",
      entityType: "membership",
      entityId: `${project.id}:${user.id}`,
      projectId: project.id,
      after: { email: user.email, slug: project.slug },
    });
    return { project: project.slug, userId: user.id, added: true };
  });
}
