import "server-only";
import { accountThrottleKey, normalizeEmail } from "@/lib/domain/login-throttle";
import { inTransaction } from "@/lib/server/db/client";
import { deleteFailures } from "@/lib/server/auth/auth-queries";
import { lockUser } from "@/lib/server/users/user-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";

/**
 * Lifts the per-account sign-in lock: the account's counted failures are deleted, so the next
 * attempt is checked. The per-address count is left alone (it guards against password spraying).
 */
export async function unlockAccount(actorId: string | null, emailInput: string) {
  const email = normalizeEmail(emailInput);
  return inTransaction(async (tx) => {
    const user = await lockUser(tx, { email });
    if (!user) throw new AppError("not_found", `no user with email ${email}`);
    const count = await deleteFailures(tx, accountThrottleKey(email));
    await recordAudit(tx, {
      actorId,
      action: "user.unlock",
      entityType: "user",
      entityId: user.id,
      after: { email: user.email, cleared: count },
    });
    return { unlocked: true as const, cleared: count };
  });
}
