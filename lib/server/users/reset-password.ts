import "server-only";
import { emailSchema, passwordSchema } from "@/lib/validation/users";
import { inTransaction } from "@/lib/server/db/client";
import { lockUser, setPasswordHash } from "@/lib/server/users/user-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import { hashPassword } from "@/lib/server/auth/password";
import { revokeTokensOf } from "@/lib/server/auth/api-tokens";
import { endSessionsOf } from "@/lib/server/auth/sessions";

export interface ResetResult {
  user: { id: string; email: string };
  tokensRevoked: number;
  sessionsEnded: number;
}

/**
 * Sets a new password chosen by an admin (or given to the CLI, `actorId` null). Whoever knew
 * the old one may have made tokens or kept a session: the user's API tokens are revoked and
 * their sessions end, in the same transaction as the change and its audit event.
 */
export async function resetPassword(
  actorId: string | null,
  target: { id: string } | { email: string },
  password: string,
): Promise<ResetResult> {
  const hash = await hashPassword(passwordSchema.parse(password));
  const where = "email" in target ? { email: emailSchema.parse(target.email) } : { id: target.id };
  return inTransaction(async (tx) => {
    const found = await lockUser(tx, where);
    if (!found)
      throw new AppError("not_found", "email" in target ? `no user with email ${target.email}` : "No such user");
    const user = { id: found.id, email: found.email };
    await setPasswordHash(tx, user.id, hash);
    const tokensRevoked = await revokeTokensOf(tx, user.id);
    const sessionsEnded = await endSessionsOf(tx, user.id, "password_reset");
    // The password itself is never recorded.
    await recordAudit(tx, {
      actorId,
      action: "user.reset_password",
      entityType: "user",
      entityId: user.id,
      after: { email: user.email, tokensRevoked, sessionsEnded },
    });
    return { user, tokensRevoked, sessionsEnded };
  });
}
