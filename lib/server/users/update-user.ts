import "server-only";
import { canChangeAccount } from "@/lib/domain/permissions";
import { updateUserSchema, type UpdateUserInput } from "@/lib/validation/users";
import { inTransaction } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { lockUser, updateUserRow, type PublicUser } from "@/lib/server/users/user-queries";
import { revokeTokensOf } from "@/lib/server/auth/api-tokens";
import { endSessionsOf } from "@/lib/server/auth/sessions";
import { releaseLeases } from "@/lib/server/queue/release-leases";
import type { SessionUser } from "@/lib/server/auth/session-user";

/**
 * Changes a user's role, status or name. Deactivation and role changes end the user's
 * sessions; deactivation also revokes their API tokens and gives back the slots they hold, all
 * in one transaction. Reactivation brings back neither sessions nor tokens.
 */
export async function updateUser(actor: SessionUser, userId: string, input: UpdateUserInput): Promise<PublicUser> {
  const change = updateUserSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await lockUser(tx, { id: userId });
    if (!before) throw new AppError("not_found", "No such user");
    const roleChanges = change.role !== undefined && change.role !== before.role;
    const deactivates = change.active === false && before.active;
    if (roleChanges && !canChangeAccount(actor, userId, "role")) {
      throw new AppError("forbidden", "You cannot change your own role");
    }
    if (deactivates && !canChangeAccount(actor, userId, "deactivate")) {
      throw new AppError("forbidden", "You cannot deactivate your own account");
    }
    const endsSessions = roleChanges || deactivates;
    const after = await updateUserRow(tx, userId, {
      ...change,
      deactivated: deactivates ? true : change.active === true ? false : undefined,
      endSessions: endsSessions,
    });
    let tokensRevoked = 0;
    let sessionsEnded = 0;
    if (endsSessions) sessionsEnded = await endSessionsOf(tx, userId, deactivates ? "deactivated" : "role_change");
    if (deactivates) {
      tokensRevoked = await revokeTokensOf(tx, userId);
      await releaseLeases(tx, { labelerId: userId });
    }
    await recordAudit(tx, {
      actorId: actor.id,
      action: deactivates ? "user.deactivate" : roleChanges ? "user.change_role" : "user.update",
      entityType: "user",
      entityId: userId,
      before: { role: before.role, active: before.active, name: before.name },
      after: {
        email: after.email,
        role: after.role,
        active: after.active,
        name: after.name,
        ...(endsSessions ? { sessionsEnded } : {}),
        ...(deactivates ? { tokensRevoked } : {}),
      },
    });
    return after;
  });
}
