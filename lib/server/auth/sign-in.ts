import "server-only";
import { accountThrottleKey, addressThrottleKey, normalizeEmail } from "@/lib/domain/login-throttle";
import { db } from "@/lib/server/db/client";
import { burnVerifyTime, verifyPassword } from "@/lib/server/auth/password";
import { reserveAttempt, settleSuccess, throttleLimits } from "@/lib/server/auth/login-attempts";
import type { SessionUser } from "@/lib/server/auth/session-user";

export type SignInResult =
  | { ok: true; user: SessionUser; sessionVersion: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks email and password, with failures rate-limited per account and per client
 * address (counted in the database, so the limit holds across app instances, and reserved
 * before the password is checked, so it holds under any number of parallel attempts). The
 * answer for an unknown email is the same as for a wrong password, in message and time.
 */
export async function signInWithPassword(emailInput: string, password: string, ip: string): Promise<SignInResult> {
  const email = normalizeEmail(emailInput);
  const reservation = await reserveAttempt(
    { account: accountThrottleKey(email), address: addressThrottleKey(ip) },
    throttleLimits(),
    new Date(),
  );
  if (!reservation.allowed) {
    await burnVerifyTime(password);
    return { ok: false, reason: "rate_limited", retryAfterSeconds: reservation.retryAfterSeconds };
  }

  const user = await db.user.findUnique({ where: { email } });
  let valid = false;
  if (user) valid = (await verifyPassword(user.passwordHash, password)) && user.active;
  else await burnVerifyTime(password);

  // A failure keeps its reservation: it was counted before the check.
  if (!valid || !user) return { ok: false, reason: "invalid" };
  await settleSuccess(reservation);
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    sessionVersion: user.sessionVersion,
  };
}
