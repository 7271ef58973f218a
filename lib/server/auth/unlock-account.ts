import "server-only";
import { accountThrottleKey, normalizeEmail } from "@/lib/domain/login-throttle";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";

/**
 * Lifts the per-account sign-in lock: the account's counted failures are deleted, so the next
 * attempt is checked. The per-address count is left alone (it guards against password spraying).
 */
export async function unlockAccount(actorId: string | null, emailInput: string) {
  const email = normalizeEmail(emailInput);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email }, select: { id: true, email: true } });
    if (!user) throw new AppError("not_found", `no user with email ${email}`);
    const { count } = await tx.loginAttempt.deleteMany({ where: { key: accountThrottleKey(email), success: false } });
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
