import "server-only";
import { recordAudit } from "@/lib/server/audit-queries";
import { inTransaction } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { requireProject } from "@/lib/server/projects/require-project";
import { setMembershipRole } from "@/lib/server/reviews/review-queries";
import { lockUser } from "@/lib/server/users/user-queries";
import type { MemberRole } from "@/lib/validation/reviews";

/**
 * Sets a member's role in one project: a "reviewer" also reviews the other members'
 * demonstrations (docs/QUALITY.md). Audited when it changes; the same role again changes nothing.
 */
export async function setMemberRole(slug: string, email: string, role: MemberRole, actorId: string | null) {
  return inTransaction(async (tx) => {
    const project = await requireProject(slug, { tx });
    const user = await lockUser(tx, { email: email.trim().toLowerCase() });
    if (!user) throw new AppError("not_found", `no user with email ${email}`);
    const before = await setMembershipRole(tx, project.id, user.id, role);
    if (before === null) throw new AppError("not_found", `${user.email} is not a member of ${project.slug}`);
    const changed = before !== role;
    if (changed)
      await recordAudit(tx, {
        actorId,
        action: "project.member_role",
        entityType: "membership",
        entityId: `${project.id}:${user.id}`,
        projectId: project.id,
        before: { email: user.email, role: before },
        after: { email: user.email, role },
      });
    return { project: project.slug, userId: user.id, role, changed };
  });
}
