import "server-only";
import { randomUUID } from "node:crypto";
import { pool, type Tx } from "@/lib/server/db/client";
import type { SessionUser } from "@/lib/server/auth/session-user";

// A browser session is a signed JWT cookie (next-auth) that carries the id of a `sessions`
// row, the user id and the user's session_version at sign-in. A cookie is accepted only while
// its row is open and the version still matches: signing out ends one row; a password reset,
// a deactivation or a role change bumps the version (and ends the rows, so they say why).

export type SessionEndReason = "sign_out" | "password_reset" | "deactivated" | "role_change";

/** What a session cookie claims. */
export interface SessionClaims {
  sessionId?: string;
  userId?: string;
  sessionVersion?: number;
}

/** Thrown from next-auth's jwt callback: next-auth then answers "no session" and clears the cookie. */
export class SessionEndedError extends Error {
  constructor() {
    super("The session has ended");
    this.name = "SessionEndedError";
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opens a session at sign-in; returns its id for the cookie. */
export async function startSession(userId: string): Promise<string> {
  const id = randomUUID();
  await pool().query("INSERT INTO sessions (id, user_id) VALUES ($1, $2)", [id, userId]);
  // Ended sessions only explain themselves for a while; keep the table from growing forever.
  await pool().query("DELETE FROM sessions WHERE user_id = $1 AND ended_at < now() - interval '30 days'", [userId]);
  return id;
}

/** Ends one session (sign-out). Ending an ended or unknown session changes nothing. */
export async function endSession(sessionId: string | undefined, reason: SessionEndReason): Promise<void> {
  if (!sessionId || !UUID.test(sessionId)) return;
  await pool().query("UPDATE sessions SET ended_at = now(), ended_reason = $2 WHERE id = $1 AND ended_at IS NULL", [
    sessionId,
    reason,
  ]);
}

/** Ends every open session of a user, inside the caller's transaction; returns how many. */
export async function endSessionsOf(tx: Tx, userId: string, reason: SessionEndReason): Promise<number> {
  const { count } = await tx.session.updateMany({
    where: { userId, endedAt: null },
    data: { endedAt: new Date(), endedReason: reason },
  });
  return count;
}

/**
 * The user of an open session, read fresh (role, name, active), or null when the session has
 * ended. One query: every page and API request that carries a cookie runs it, in place of the
 * user read it replaces.
 */
export async function userOfSession(claims: SessionClaims): Promise<SessionUser | null> {
  const { sessionId, userId, sessionVersion } = claims;
  if (!sessionId || !userId || !UUID.test(sessionId) || !UUID.test(userId) || typeof sessionVersion !== "number") {
    return null;
  }
  const { rows } = await pool().query<SessionUser>(
    `SELECT u.id, u.email, u.name, u.role::text AS role
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.id = $1 AND s.user_id = $2 AND s.ended_at IS NULL AND u.active AND u.session_version = $3`,
    [sessionId, userId, sessionVersion],
  );
  return rows[0] ?? null;
}
