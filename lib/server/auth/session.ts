import "server-only";
import { getServerSession, type Session } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { canAdminister } from "@/lib/domain/permissions";
import { AppError } from "@/lib/server/errors";
import { authOptions, probeSession } from "@/lib/server/auth/options";
import { requireTokenScope, tokenCaller } from "@/lib/server/auth/api-tokens";
import type { TokenScope } from "@/lib/domain/token-scopes";
import { sameOriginOnly } from "@/lib/server/auth/same-origin";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { bearerTokenHash, type ApiCaller } from "@/lib/server/auth/api-caller";
import type { RequestHead } from "@/lib/server/request-head";

/** Reads the signed-in user of the request being served (route handlers: currentUser). */
export type SessionReader = () => Promise<SessionUser | null>;

/**
 * The signed-in user, read fresh from the database by next-auth's jwt callback, in the same
 * query that checks the session is still open: a session stops working as soon as it signs
 * out, or the user's password is reset, they are deactivated or their role changes.
 */
export const currentUser = cache((): Promise<SessionUser | null> => accountOf(() => getServerSession(authOptions())));

/** The account of a next-auth session read (pages/api handlers read theirs in node-session.ts). */
export async function accountOf(read: () => Promise<Session | null>): Promise<SessionUser | null> {
  const { result: session, error } = await probeSession(read);
  // The database could not be asked: let the caller answer 503, not "signed out".
  if (error) throw error;
  return session?.account ?? null;
}

/** For pages: anonymous users go to the sign-in page. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect("/login");
  return user;
}

/** For admin pages: labelers are sent home with a notice. */
export async function requirePageAdmin(): Promise<SessionUser> {
  const user = await requirePageUser();
  if (!canAdminister(user)) redirect("/?denied=admin");
  return user;
}

/**
 * For route handlers: a bearer token or the session cookie. Cookie-authenticated requests
 * must come from our own pages (CSRF: see sameOriginOnly); bearer tokens are not sent by
 * browsers on their own, so they need no such check. pages/api handlers pass their own
 * session reader (node-session.ts): the same next-auth callbacks, read from Node's request.
 * A token must carry `scope` (tasks, answers and labeling: "label"; requireApiAdmin: "admin");
 * a session acts as label and admin.
 */
export async function requireApiUser(
  request: RequestHead,
  readSession: SessionReader = currentUser,
  scope: TokenScope = "label",
): Promise<SessionUser> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const caller = match ? await tokenCaller(match[1]!) : null;
    if (!caller) throw new AppError("unauthenticated", "Invalid or revoked API token");
    requireTokenScope(caller.scopes, scope);
    return caller.user;
  }
  // Who is asking comes first: someone with neither cookie nor token needs that hint, not a
  // word about origins. Reading the session changes nothing.
  const user = await readSession();
  if (!user) throw new AppError("unauthenticated", "Sign in or send a bearer token");
  sameOriginOnly(request);
  return user;
}

/**
 * For the queue's hot path (claim, submit): a bearer token is left to the use case's own
 * statement to check, in the same round trip as its work (api-caller.ts); a session cookie is
 * checked now, as requireApiUser does.
 */
export async function apiCaller(request: RequestHead, readSession: SessionReader = currentUser): Promise<ApiCaller> {
  const tokenHash = bearerTokenHash(request);
  // No token, or one that cannot be ours (refused there without a query): the usual path.
  return tokenHash ? { tokenHash } : { user: await requireApiUser(request, readSession) };
}

export async function requireApiAdmin(request: Request): Promise<SessionUser> {
  const user = await requireApiUser(request, currentUser, "admin");
  if (!canAdminister(user)) throw new AppError("forbidden", "Admins only");
  return user;
}

/**
 * For the feedback route: a bearer token with the "ingest" scope, of an admin (only admins may
 * hold one, and a demoted admin's token stops working). A browser session cannot send
 * feedback: production events come from a service, and a session acts as label and admin only.
 */
export async function requireApiIngest(
  request: RequestHead,
  readSession: SessionReader = currentUser,
): Promise<SessionUser> {
  if (!request.headers.get("authorization")) {
    if (!(await readSession())) throw new AppError("unauthenticated", "Send a bearer token with the ingest scope");
    throw new AppError("forbidden", 'Feedback is sent with an API token that has the "ingest" scope, not a session');
  }
  const user = await requireApiUser(request, readSession, "ingest");
  if (!canAdminister(user)) throw new AppError("forbidden", "Admins only");
  return user;
}
