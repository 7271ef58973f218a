import "server-only";
import { decideLogin, normalizeEmail } from "@/lib/domain/login-throttle";
import { db } from "@/lib/server/db/client";
import { env } from "@/lib/server/env";
import { burnVerifyTime, verifyPassword } from "@/lib/server/auth/password";
import type { SessionUser } from "@/lib/server/auth/session-user";

export type SignInResult =
  | { ok: true; user: SessionUser; sessionVersion: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks email and password, with failures rate-limited per account and per client
 * address (counted in the database, so the limit holds across app instances). The
 * answer for an unknown email is the same as for a wrong password, in message and time.
 */
export async function signInWithPassword(emailInput: string, password: string, ip: string): Promise<SignInResult> {
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_IP, LOGIN_WINDOW_MINUTES } = env();
  const email = normalizeEmail(emailInput);
  const now = new Date();
  const since = new Date(now.getTime() - LOGIN_WINDOW_MINUTES * 60_000);
  const accountKey = `email:${email}`;
  const ipKey = `ip:${ip}`;

  const lastSuccess = await db.loginAttempt.findFirst({
    where: { key: accountKey, success: true, createdAt: { gte: since } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  const accountSince = lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since;
  const [accountFailures, ipFailures, oldestAccount, oldestIp] = await Promise.all([
    db.loginAttempt.count({ where: { key: accountKey, success: false, createdAt: { gt: accountSince } } }),
    db.loginAttempt.count({ where: { key: ipKey, success: false, createdAt: { gte: since } } }),
    db.loginAttempt.findFirst({
      where: { key: accountKey, success: false, createdAt: { gt: accountSince } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
    db.loginAttempt.findFirst({
      where: { key: ipKey, success: false, createdAt: { gte: since } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    }),
  ]);
  const oldest = accountFailures >= LOGIN_MAX_FAILURES_PER_ACCOUNT ? oldestAccount?.createdAt : oldestIp?.createdAt;
  const decision = decideLogin(
    { accountFailures, ipFailures, oldestCountedFailure: oldest ?? null },
    {
      maxFailuresPerAccount: LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerIp: LOGIN_MAX_FAILURES_PER_IP,
      windowMinutes: LOGIN_WINDOW_MINUTES,
    },
    now,
  );
  if (!decision.allowed) {
    await burnVerifyTime(password);
    return { ok: false, reason: "rate_limited", retryAfterSeconds: decision.retryAfterSeconds };
  }

  const user = await db.user.findUnique({ where: { email } });
  let valid = false;
  if (user) valid = (await verifyPassword(user.passwordHash, password)) && user.active;
  else await burnVerifyTime(password);

  if (!valid || !user) {
    await db.loginAttempt.createMany({
      data: [
        { key: accountKey, success: false },
        { key: ipKey, success: false },
      ],
    });
    return { ok: false, reason: "invalid" };
  }
  await db.loginAttempt.create({ data: { key: accountKey, success: true } });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    sessionVersion: user.sessionVersion,
  };
}
