import "server-only";
import { accountThrottleKey, normalizeEmail } from "@/lib/domain/login-throttle";
import { accountFailures, throttleLimits } from "@/lib/server/auth/login-attempts";

/** For the person page: failed sign-ins counted against the account now, and whether it is locked. */
export async function readAccountLock(email: string) {
  const limits = throttleLimits();
  const status = await accountFailures(accountThrottleKey(normalizeEmail(email)), limits, new Date());
  return { ...status, limit: limits.maxFailuresPerAccount, windowMinutes: limits.windowMinutes };
}
