import "server-only";
import { randomUUID } from "node:crypto";
import { pool } from "@/lib/server/db/client";
import type { Queryable } from "@/lib/server/db/query";
import {
  deleteOldEndedSessions,
  endSessionRow,
  endSessionRowsOf,
  insertSession,
  openSessionUser,
} from "@/lib/server/auth/auth-queries";
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
  await insertSession(pool(), id, userId);
  await deleteOldEndedSessions(pool(), userId);
  return id;
}

/** Ends one session (sign-out). Ending an ended or unknown session changes nothing. */
export async function endSession(sessionId: string | undefined, reason: SessionEndReason): Promise<void> {
  if (!sessionId || !UUID.test(sessionId)) return;
  await endSessionRow(pool(), sessionId, reason);
}

/** Ends every open session of a user, inside the caller's transaction; returns how many. */
export function endSessionsOf(tx: Queryable, userId: string, reason: SessionEndReason): Promise<number> {
  return endSessionRowsOf(tx, userId, reason);
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
  return openSessionUser(pool(), { sessionId, userId, sessionVersion });
}
