import "server-only";
import { z } from "zod";
import { execute, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { roleSchema } from "@/lib/validation/users";
import { DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES } from "@/lib/domain/token-scopes";

// Sessions, API tokens and sign-in attempts. The session and token reads run on every
// request that carries a cookie or a bearer token: one statement each, through the pool.

const sessionUserRow = z.object({ id: z.string(), email: z.string(), name: z.string(), role: roleSchema });

export async function insertSession(db: Queryable, id: string, userId: string): Promise<void> {
  await execute(db, "INSERT INTO sessions (id, user_id) VALUES ($1, $2)", [id, userId]);
}

/** Ended sessions only explain themselves for a while; keeps the table from growing forever. */
export async function deleteOldEndedSessions(db: Queryable, userId: string): Promise<void> {
  await execute(db, "DELETE FROM sessions WHERE user_id = $1 AND ended_at < now() - interval '30 days'", [userId]);
}

export async function endSessionRow(db: Queryable, sessionId: string, reason: string): Promise<void> {
  await execute(db, "UPDATE sessions SET ended_at = now(), ended_reason = $2 WHERE id = $1 AND ended_at IS NULL", [
    sessionId,
    reason,
  ]);
}

/** Ends every open session of a user; returns how many. */
export function endSessionRowsOf(db: Queryable, userId: string, reason: string): Promise<number> {
  return execute(
    db,
    "UPDATE sessions SET ended_at = now(), ended_reason = $2 WHERE user_id = $1 AND ended_at IS NULL",
    [userId, reason],
  );
}

/** The active user of an open session whose version still matches, or null. */
export function openSessionUser(
  db: Queryable,
  claims: { sessionId: string; userId: string; sessionVersion: number },
): Promise<SessionUser | null> {
  return queryRow(
    db,
    sessionUserRow,
    `SELECT u.id, u.email, u.name, u.role::text AS role
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1 AND s.user_id = $2 AND s.ended_at IS NULL AND u.active AND u.session_version = $3`,
    [claims.sessionId, claims.userId, claims.sessionVersion],
  );
}

/**
 * The live (not revoked, not expired) token whose hash is $1 and its active user: no row
 * otherwise. The one definition of a valid token, also joined into the queue's hot-path
 * statements (queue-queries.ts), which check the token in the same round trip as their work.
 */
export const LIVE_TOKEN_USER_SQL = `SELECT t.id AS token_id, t.last_used_at, t.scopes, u.id, u.email, u.name, u.role::text AS role
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
        AND u.active`;

/** The columns of LIVE_TOKEN_USER_SQL, parsed; extended by the statements that join it. */
export const tokenUserColumns = sessionUserRow.extend({
  token_id: z.string(),
  last_used_at: z.date().nullable(),
  // Unknown names cannot be stored (CHECK api_tokens_scopes_known); null only before the column had a default.
  scopes: z.array(z.enum(TOKEN_SCOPES)).nullable(),
});

const tokenUserRow = tokenUserColumns.transform(tokenUserOf);

/** A row of LIVE_TOKEN_USER_SQL as the token check uses it. */
export function tokenUserOf(r: z.output<typeof tokenUserColumns>) {
  return {
    tokenId: r.token_id,
    lastUsedAt: r.last_used_at,
    scopes: r.scopes ?? [...DEFAULT_TOKEN_SCOPES],
    user: { id: r.id, email: r.email, name: r.name, role: r.role },
  };
}

/** The live token with this hash and its active user, or null. */
export function liveTokenUser(db: Queryable, tokenHash: string) {
  return queryRow(db, tokenUserRow, LIVE_TOKEN_USER_SQL, [tokenHash]);
}

/** Conditional, so that requests racing past the caller's check write the row once, not each. */
export async function touchToken(db: Queryable, tokenId: string): Promise<void> {
  await execute(
    db,
    `UPDATE api_tokens SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at <= now() - interval '1 minute')`,
    [tokenId],
  );
}

const tokenRow = z
  .object({
    id: z.string(),
    user_id: z.string(),
    name: z.string(),
    prefix: z.string(),
    created_at: z.date(),
    expires_at: z.date().nullable(),
    revoked_at: z.date().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  }));
const TOKEN_COLUMNS = "id, user_id, name, prefix, created_at, expires_at, revoked_at";

export async function insertToken(
  db: Queryable,
  t: { userId: string; name: string; tokenHash: string; prefix: string; expiresAt: Date | null; scopes: string[] },
) {
  const [row] = await queryRows(
    db,
    tokenRow,
    `INSERT INTO api_tokens (id, user_id, name, token_hash, prefix, expires_at, scopes)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::text[]) RETURNING ${TOKEN_COLUMNS}`,
    [t.userId, t.name, t.tokenHash, t.prefix, t.expiresAt, t.scopes],
  );
  return row!;
}

/** A token, its row locked until the transaction ends; null when there is none. */
export function lockToken(db: Queryable, tokenId: string) {
  return queryRow(db, tokenRow, `SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1::uuid FOR UPDATE`, [tokenId]);
}

export async function revokeTokenRow(db: Queryable, tokenId: string): Promise<Date> {
  const [row] = await queryRows(
    db,
    tokenRow,
    `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`,
    [tokenId],
  );
  return row!.revokedAt!;
}

/** Revokes every live token of a user; returns how many. */
export function revokeTokenRowsOf(db: Queryable, userId: string): Promise<number> {
  return execute(db, "UPDATE api_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL", [userId]);
}

// Sign-in attempts (login-attempts.ts): failures inside the window; for the account only
// those after its last success.
const failureCountsRow = z
  .object({
    account_failures: z.number(),
    account_oldest: z.date().nullable(),
    address_failures: z.number(),
    address_oldest: z.date().nullable(),
  })
  .transform((r) => ({
    accountFailures: r.account_failures,
    accountOldest: r.account_oldest,
    addressFailures: r.address_failures,
    addressOldest: r.address_oldest,
  }));

export async function failureCounts(db: Queryable, keys: { account: string; address: string }, since: Date) {
  const [row] = await queryRows(
    db,
    failureCountsRow,
    `WITH last_success AS (
       SELECT coalesce(max(created_at), $3::timestamptz) AS at
         FROM login_attempts WHERE key = $1 AND success AND created_at >= $3
     )
     SELECT a.n AS account_failures, a.oldest AS account_oldest, b.n AS address_failures, b.oldest AS address_oldest
       FROM (SELECT count(*)::int AS n, min(created_at) AS oldest FROM login_attempts, last_success
              WHERE key = $1 AND NOT success AND created_at > last_success.at) a,
            (SELECT count(*)::int AS n, min(created_at) AS oldest FROM login_attempts
              WHERE key = $2 AND NOT success AND created_at >= $3) b`,
    [keys.account, keys.address, since],
  );
  return row!;
}

/** Serializes the attempts on one account and one address until the transaction ends. */
export async function lockAttemptKeys(db: Queryable, keys: { account: string; address: string }): Promise<void> {
  // Always account first, then address: every transaction takes them in the same order.
  await db.query(
    "SELECT pg_advisory_xact_lock(hashtextextended($1, 0)), pg_advisory_xact_lock(hashtextextended($2, 0))",
    [`login:${keys.account}`, `login:${keys.address}`],
  );
}

const attemptRow = z.object({ id: z.string(), key: z.string() });

/** Counts an attempt on both keys as failures up front; returns the two rows' ids. */
export async function insertFailedAttempts(db: Queryable, keys: { account: string; address: string }) {
  // clock_timestamp(), not now(): the order of reservations, not of transaction starts.
  const rows = await queryRows(
    db,
    attemptRow,
    `INSERT INTO login_attempts (key, success, created_at)
     VALUES ($1, false, clock_timestamp()), ($2, false, clock_timestamp()) RETURNING id::text, key`,
    [keys.account, keys.address],
  );
  return {
    accountRowId: rows.find((r) => r.key === keys.account)!.id,
    addressRowId: rows.find((r) => r.key === keys.address)!.id,
  };
}

/** The account's reservation becomes its last success, the address's is given back. */
export async function settleSuccessfulAttempt(db: Queryable, r: { accountRowId: string; addressRowId: string }) {
  await execute(
    db,
    `WITH refunded AS (DELETE FROM login_attempts WHERE id = $2::bigint)
     UPDATE login_attempts SET success = true WHERE id = $1::bigint`,
    [r.accountRowId, r.addressRowId],
  );
}

/** Deletes an account's counted failures (an admin's unlock); returns how many. */
export function deleteFailures(db: Queryable, key: string): Promise<number> {
  return execute(db, "DELETE FROM login_attempts WHERE key = $1 AND NOT success", [key]);
}
