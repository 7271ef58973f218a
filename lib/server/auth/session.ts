import "server-only";
import { getServerSession } from "next-auth";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { canAdminister } from "@/lib/domain/permissions";
import { AppError } from "@/lib/server/errors";
import { authOptions, probeSession } from "@/lib/server/auth/options";
import { userForToken } from "@/lib/server/auth/api-tokens";
import type { SessionUser } from "@/lib/server/auth/session-user";

/**
 * The signed-in user, read fresh from the database by next-auth's jwt callback, in the same
 * query that checks the session is still open: a session stops working as soon as it signs
 * out, or the user's password is reset, they are deactivated or their role changes.
 */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const { result: session, error } = await probeSession(() => getServerSession(authOptions()));
  // The database could not be asked: let the caller answer 503, not "signed out".
  if (error) throw error;
  return session?.account ?? null;
});

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

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * For route handlers: a bearer token or the session cookie. Cookie-authenticated
 * writes must come from our own origin (CSRF); bearer tokens are not sent by browsers
 * on their own, so they need no such check.
 */
export async function requireApiUser(request: Request): Promise<SessionUser> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const user = match ? await userForToken(match[1]!) : null;
    if (!user) throw new AppError("unauthenticated", "Invalid or revoked API token");
    return user;
  }
  if (!SAFE_METHODS.has(request.method)) assertSameOrigin(request, await headers());
  const user = await currentUser();
  if (!user) throw new AppError("unauthenticated", "Sign in or send an API token");
  return user;
}

export async function requireApiAdmin(request: Request): Promise<SessionUser> {
  const user = await requireApiUser(request);
  if (!canAdminister(user)) throw new AppError("forbidden", "Admins only");
  return user;
}

function assertSameOrigin(request: Request, requestHeaders: Headers) {
  const origin = request.headers.get("origin");
  const host = requestHeaders.get("x-forwarded-host") ?? requestHeaders.get("host");
  if (!origin || !host) throw new AppError("forbidden", "Cross-site request refused");
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError("forbidden", "Cross-site request refused");
  }
  if (originHost !== host) throw new AppError("forbidden", "Cross-site request refused");
}
