import "server-only";
import { decideLogin, type ThrottleLimits } from "@/lib/domain/login-throttle";
import { inTransaction, pool } from "@/lib/server/db/client";
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

interface Counts {
  account_failures: number;
  account_oldest: Date | null;
  address_failures: number;
  address_oldest: Date | null;
}

// Failures inside the window; for the account only those after its last success.
const COUNT_FAILURES = `
  WITH last_success AS (
    SELECT coalesce(max(created_at), $3::timestamptz) AS at
      FROM login_attempts WHERE key = $1 AND success AND created_at >= $3
  )
  SELECT a.n AS account_failures, a.oldest AS account_oldest, b.n AS address_failures, b.oldest AS address_oldest
    FROM (SELECT count(*)::int AS n, min(created_at) AS oldest FROM login_attempts, last_success
           WHERE key = $1 AND NOT success AND created_at > last_success.at) a,
         (SELECT count(*)::int AS n, min(created_at) AS oldest FROM login_attempts
           WHERE key = $2 AND NOT success AND created_at >= $3) b`;

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
    // Always account first, then address: every transaction takes them in the same order.
    await client.query(
      "SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock(hashtextextended($2, 0))",
      [`login:${keys.account}`, `login:${keys.address}`],
    );
    const counts = (await client.query<Counts>(COUNT_FAILURES, [keys.account, keys.address, since])).rows[0]!;
    const accountLimited = counts.account_failures >= limits.maxFailuresPerAccount;
    const decision = decideLogin(
      {
        accountFailures: counts.account_failures,
        ipFailures: counts.address_failures,
        oldestCountedFailure: (accountLimited ? counts.account_oldest : counts.address_oldest) ?? null,
      },
      limits,
      now,
    );
    if (!decision.allowed) return decision;
    // clock_timestamp(), not now(): the order of reservations, not of transaction starts.
    const { rows } = await client.query<{ id: string; key: string }>(
      `INSERT INTO login_attempts (key, success, created_at)
       VALUES ($1, false, clock_timestamp()), ($2, false, clock_timestamp()) RETURNING id::text, key`,
      [keys.account, keys.address],
    );
    return {
      allowed: true,
      accountRowId: rows.find((r) => r.key === keys.account)!.id,
      addressRowId: rows.find((r) => r.key === keys.address)!.id,
    };
  });
}

/**
 * A checked password was right: the account's reservation becomes its last success (which
 * resets the account's count) and the address's is given back.
 */
export async function settleSuccess(reservation: { accountRowId: string; addressRowId: string }): Promise<void> {
  await pool().query(
    `WITH refunded AS (DELETE FROM login_attempts WHERE id = $2::bigint)
     UPDATE login_attempts SET success = true WHERE id = $1::bigint`,
    [reservation.accountRowId, reservation.addressRowId],
  );
}

/** An account's counted failures, and how long it stays locked (null: not locked). */
export async function accountFailures(accountKey: string, limits: ThrottleLimits, now: Date) {
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  // No address: its count comes back as zero.
  const counts = (await pool().query<Counts>(COUNT_FAILURES, [accountKey, "", since])).rows[0]!;
  const decision = decideLogin(
    { accountFailures: counts.account_failures, ipFailures: 0, oldestCountedFailure: counts.account_oldest },
    limits,
    now,
  );
  return { failures: counts.account_failures, lockedForSeconds: decision.allowed ? null : decision.retryAfterSeconds };
}
