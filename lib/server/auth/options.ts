import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
import { credentialsSchema } from "@/lib/validation/users";
import { authSecret } from "@/lib/server/env";
import { signInWithPassword } from "@/lib/server/auth/sign-in";
import { clientAddressFromHeaders } from "@/lib/server/auth/client-address";
import { endSession, SessionEndedError, startSession, userOfSession } from "@/lib/server/auth/sessions";
import type { SessionUser } from "@/lib/server/auth/session-user";
import { safeAuthRedirect } from "@/lib/domain/safe-redirect";

declare module "next-auth" {
  interface Session {
    /** The signed-in user as the database has them now (read by the jwt callback). */
    account?: SessionUser;
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
    /** The id of this session's row in `sessions`. */
    sid?: string;
  }
}

/** Thrown from authorize(); next-auth hands the message to the sign-in form. */
export const RATE_LIMITED_PREFIX = "RATE_LIMITED:";

let cached: NextAuthOptions | undefined;

/** The user each checked token belongs to, from the jwt callback to the session callback. */
const accounts = new WeakMap<JWT, SessionUser>();

/**
 * next-auth swallows errors thrown in the jwt callback (it answers "no session"). A caller that
 * must tell "the database is away" (503) from "signed out" runs inside `probeSession`, and the
 * callback leaves the error here for it.
 */
const probes = new AsyncLocalStorage<{ error?: unknown }>();

export async function probeSession<T>(read: () => Promise<T>): Promise<{ result: T; error?: unknown }> {
  const probe: { error?: unknown } = {};
  const result = await probes.run(probe, read);
  return { result, error: probe.error };
}

/** Built on first use, so that importing this module at build time needs no environment. */
export function authOptions(): NextAuthOptions {
  cached ??= buildOptions();
  return cached;
}

const buildOptions = (): NextAuthOptions => ({
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials ?? {});
        if (!parsed.success) return null;
        const headers = (req?.headers ?? {}) as Record<string, string | string[] | undefined>;
        const result = await signInWithPassword(
          parsed.data.email,
          parsed.data.password,
          clientAddressFromHeaders(headers),
        );
        if (result.ok) {
          return {
            id: result.user.id,
            email: result.user.email,
            name: result.user.name,
            sessionVersion: result.sessionVersion,
          };
        }
        if (result.reason === "rate_limited") throw new Error(`${RATE_LIMITED_PREFIX}${result.retryAfterSeconds}`);
        return null;
      },
    }),
  ],
  callbacks: {
    // The same rule as the sign-in page's: a path on our origin, read as a browser reads it.
    redirect({ url, baseUrl }) {
      return safeAuthRedirect(url, baseUrl);
    },
    async jwt({ token, user }) {
      if (user) {
        // Sign-in: open the session row whose id the cookie carries from now on.
        token.uid = user.id;
        token.sv = user.sessionVersion ?? 0;
        token.sid = await startSession(user.id);
        return token;
      }
      // Every later request (pages, route handlers, /api/auth/session): the session must still be
      // open. Throwing makes next-auth answer "no session", clear the cookie and not renew it.
      let account: SessionUser | null;
      try {
        account = await userOfSession({ sessionId: token.sid, userId: token.uid, sessionVersion: token.sv });
      } catch (error) {
        const probe = probes.getStore();
        if (probe) probe.error = error;
        throw error;
      }
      if (!account) throw new SessionEndedError();
      accounts.set(token, account);
      return token;
    },
    session({ session, token }) {
      const account = accounts.get(token);
      if (!account) throw new SessionEndedError();
      return { ...session, account };
    },
  },
  events: {
    async signOut({ token }) {
      await endSession(token?.sid, "sign_out");
    },
  },
  logger: {
    // An ended session is an expected answer, not an error worth a log line.
    error(code, metadata) {
      if (metadata instanceof SessionEndedError) return;
      console.error(`[next-auth][error][${code}]`, metadata);
    },
    warn(code) {
      console.warn(`[next-auth][warn][${code}]`);
    },
    debug() {},
  },
});
