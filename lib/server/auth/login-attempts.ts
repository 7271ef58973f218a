import "server-only";
import { decideLogin, type ThrottleLimits } from "@/lib/domain/login-throttle";
import { inTransaction, pool } from "@/lib/server/db/client";
import {
  failureCounts,
  insertFailedAttempts,
  lockAttemptKeys,
  settleSuccessfulAttempt,
} from "@/lib/server/auth/auth-queries";
import { env } from "@/lib/server/env";

export type Reservation =
  { allowed: true; accountRowId: string; addressRowId: string } | { allowed: false; retryAfterSeconds: number };

/** The configured limits (LOGIN_* settings). */
export function throttleLimits(): ThrottleLimits {
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_IP, LOGIN_WINDOW_MINUTES } = env();
  return {
    maxFailuresPerAccount: LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxFailuresPerIp: LOGIN_MAX_FAILURES_PER_IP,
    windowMinutes: LOGIN_WINDOW_MINUTES,
  };
}

/**
 * Reserves one attempt against both limits before the password is checked: the attempt is
 * counted as a failure up front, under a lock per account and per address, so that parallel
 * attempts see each other and no more than the limit are ever checked. A success gives the
 * reservation back (settleSuccess). The locks are held for two short statements, never
 * while a password is hashed.
 */
export async function reserveAttempt(
  keys: { account: string; address: string },
  limits: ThrottleLimits,
  now: Date,
): Promise<Reservation> {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  return inTransaction(async (client) => {
    await lockAttemptKeys(client, keys);
    // A second statement: its snapshot sees every attempt committed before the locks were ours.
    const counts = await failureCounts(client, keys, since);
    const accountLimited = counts.accountFailures >= limits.maxFailuresPerAccount;
    const decision = decideLogin(
      {
        accountFailures: counts.accountFailures,
        ipFailures: counts.addressFailures,
        oldestCountedFailure: (accountLimited ? counts.accountOldest : counts.addressOldest) ?? null,
      },
      limits,
      now,
    );
    if (!decision.allowed) return decision;
    return { allowed: true, ...(await insertFailedAttempts(client, keys)) };
  });
}

/**
 * A checked password was right: the account's reservation becomes its last success (which
 * resets the account's count) and the address's is given back.
 */
export async function settleSuccess(reservation: { accountRowId: string; addressRowId: string }): Promise<void> {
  await settleSuccessfulAttempt(pool(), reservation);
}

/** An account's counted failures, and how long it stays locked (null: not locked). */
export async function accountFailures(accountKey: string, limits: ThrottleLimits, now: Date) {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  // No address: its count comes back as zero.
  const counts = await failureCounts(pool(), { account: accountKey, address: "" }, since);
  const decision = decideLogin(
    { accountFailures: counts.accountFailures, ipFailures: 0, oldestCountedFailure: counts.accountOldest },
    limits,
    now,
  );
  return { failures: counts.accountFailures, lockedForSeconds: decision.allowed ? null : decision.retryAfterSeconds };
}
