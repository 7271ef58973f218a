import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { credentialsSchema } from "@/lib/validation/users";
import { authSecret } from "@/lib/server/env";
import { signInWithPassword } from "@/lib/server/auth/sign-in";
import { clientAddressFromHeaders } from "@/lib/server/auth/client-address";
import { safeAuthRedirect } from "@/lib/domain/safe-redirect";

declare module "next-auth" {
  interface Session {
    uid?: string;
    sv?: number;
  }
  interface User {
    sessionVersion?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    sv?: number;
  }
}

/** Thrown from authorize(); next-auth hands the message to the sign-in form. */
export const RATE_LIMITED_PREFIX = "RATE_LIMITED:";

let cached: NextAuthOptions | undefined;

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
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.sv = user.sessionVersion ?? 0;
      }
      return token;
    },
    session({ session, token }) {
      // Only the ids travel; role and status are read from the database on every request.
      session.uid = token.uid;
      session.sv = token.sv;
      return session;
    },
  },
});
