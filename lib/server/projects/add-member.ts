import "server-only";
import { inTransaction } from "@/lib/server/db/client";
import { insertMembership } from "@/lib/server/projects/project-queries";
import { requireProject } from "@/lib/server/projects/require-project";
import { lockUser } from "@/lib/server/users/user-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { setMemberRole } from "@/lib/server/projects/set-member-role";
import type { MemberRole } from "@/lib/validation/reviews";

/**
 * Adds a user to a project; adding someone who is already a member changes nothing, except the
 * role when one is given (peer review, docs/QUALITY.md: set-member-role.ts records that change).
 */
export async function addProjectMember(slug: string, email: string, actorId: string | null, role?: MemberRole) {
  const result = await addMembership(slug, email, actorId, role);
  if (role === undefined || (result.added && role === "labeler")) return result;
  const set = await setMemberRole(slug, email, role, actorId);
  return { ...result, role: set.role };
}

async function addMembership(slug: string, email: string, actorId: string | null, role?: MemberRole) {
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
      after: { email: user.email, slug: project.slug, ...(role ? { role } : {}) },
    });
    return { project: project.slug, userId: user.id, added: true };
  });
}
