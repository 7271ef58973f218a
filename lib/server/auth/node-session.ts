import "server-only";
import type { NextApiRequest, NextApiResponse } from "next";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/server/auth/options";
import { accountOf, type SessionReader } from "@/lib/server/auth/session";

/**
 * Drops what getServerSession would write (a renewed session cookie), as it does for route
 * handlers and pages: an API answer never sets the session cookie.
 */
const noAnswer = { getHeader: () => undefined, setHeader: () => undefined } as unknown as NextApiResponse;

/**
 * The session check of a pages/api handler (node-api.ts): next-auth's own reading of the
 * cookie and the same jwt and session callbacks as currentUser's (session row open, user
 * active, session version), from Node's request instead of next/headers, which exists only
 * while the App Router serves a request.
 */
export function nodeSessionReader(req: NextApiRequest): SessionReader {
  // Only what next-auth reads; req.cookies is parsed on first use (a bearer token never reads it).
  return () =>
    accountOf(() =>
      getServerSession({ headers: req.headers, cookies: req.cookies } as NextApiRequest, noAnswer, authOptions()),
    );
}
