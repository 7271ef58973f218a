import "server-only";
import { AppError } from "@/lib/server/errors";
import { hashToken, isTokenShaped, userForTokenHash } from "@/lib/server/auth/api-tokens";
import type { SessionUser } from "@/lib/server/auth/session-user";
import type { RequestHead } from "@/lib/server/request-head";

/**
 * Who an API request of the queue's hot path (claim, submit) is. A session cookie is checked
 * at once, as requireApiUser does. A bearer token is not: its hash goes into the use case's
 * own statement, which checks it in the same round trip as the work (LIVE_TOKEN_USER_SQL
 * joined into the claim or the lease read), so a revoked token, an expired one or a
 * deactivated user is refused by the very statement that would have served them. Nothing is
 * cached between requests: each statement reads the committed rows. Made by apiCaller
 * (session.ts); this module stays free of next-auth so that the CLI and scripts can import the
 * queue's use cases.
 */
export type ApiCaller = { user: SessionUser } | { tokenHash: string };

export const invalidTokenError = () => new AppError("unauthenticated", "Invalid or revoked API token");

/** The hash of a bearer token that can be ours, or null (no token, or one refused without a query). */
export function bearerTokenHash(request: RequestHead): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "");
  return match && isTokenShaped(match[1]!) ? hashToken(match[1]!) : null;
}

/**
 * Reads the rest of the request (URL values, headers, body). When that fails, an unchecked
 * token is checked first: a request with a bad token hears 401, whatever else is wrong with
 * it, as on every other route.
 */
export async function parsedFor<T>(caller: ApiCaller, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if ("tokenHash" in caller) await requireTokenCaller(caller);
    throw error;
  }
}

/** Checks a bearer token on its own (the error paths above). */
async function requireTokenCaller(caller: { tokenHash: string }): Promise<void> {
  if (!(await userForTokenHash(caller.tokenHash))) throw invalidTokenError();
}
