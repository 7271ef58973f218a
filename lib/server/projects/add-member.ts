import "server-only";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";

/** Adds a user to a project; adding someone who is already a member changes nothing. */
export async function addProjectMember(slug: string, email: string, actorId: string | null) {
  return db.$transaction(async (tx) => {
    const project = await tx.project.findUnique({ where: { slug } });
    if (!project) throw new AppError("not_found", `no project with slug ${slug}`);
    const user = await tx.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    if (!user) throw new AppError("not_found", `no user with email ${email}`);
    if (!user.active) throw new AppError("conflict", `user ${email} is deactivated`);
    const existing = await tx.membership.findUnique({
      where: { projectId_userId: { projectId: project.id, userId: user.id } },
    });
    if (existing) return { project: project.slug, userId: user.id, added: false };
    await tx.membership.create({ data: { projectId: project.id, userId: user.id } });
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
