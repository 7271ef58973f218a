import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { canRevokeToken } from "@/lib/domain/permissions";
import { emailSchema } from "@/lib/validation/users";
import { tokenIdSchema, tokenLifetimeDaysSchema, tokenNameSchema, tokenScopesSchema } from "@/lib/validation/tokens";
import { DEFAULT_TOKEN_SCOPES, scopesProblem, type TokenScope } from "@/lib/domain/token-scopes";
import { db, inTransaction, pool } from "@/lib/server/db/client";
import type { Queryable } from "@/lib/server/db/query";
import {
  insertToken,
  liveTokenUser,
  lockToken,
  revokeTokenRow,
  revokeTokenRowsOf,
  touchToken,
} from "@/lib/server/auth/auth-queries";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit-queries";
import type { SessionUser } from "@/lib/server/auth/session-user";

const TOKEN_PREFIX = "rlhf_";
const DAY_MS = 86_400_000;
/** lastUsedAt is kept to the minute: a busy token must not cost a write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** A token as lists show it: never its secret nor its hash. */
export interface TokenSummary {
  id: string;
  name: string;
  /** The first characters of the token, to tell tokens apart. */
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  /** What the token may do (docs/API.md, "Token scopes"). */
  scopes: string[];
}

/** A checked bearer token: its user and what it may do. */
export interface TokenCaller {
  user: SessionUser;
  scopes: readonly TokenScope[];
}

// The secret is 32 random bytes, so one unsalted sha256 is enough to make a stolen table useless
// (a slow password hash would only slow down every API request).
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates an API token for a user; the token is returned once and only its hash is kept. */
export async function createApiToken(
  email: string,
  actorId: string | null,
  name = "cli",
  options: { expiresInDays?: number; scopes?: readonly string[] } = {},
) {
  const lifetime =
    options.expiresInDays === undefined ? undefined : tokenLifetimeDaysSchema.safeParse(options.expiresInDays);
  if (lifetime && !lifetime.success) throw new AppError("bad_request", lifetime.error.issues[0]!.message);
  const scopes = tokenScopesSchema.safeParse(options.scopes ?? DEFAULT_TOKEN_SCOPES);
  if (!scopes.success) throw new AppError("bad_request", scopes.error.issues[0]!.message);
  const tokenName = tokenNameSchema.parse(name);
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new AppError("not_found", `no user with email ${email}`);
  if (!user.active) throw new AppError("conflict", `user ${email} is deactivated`);
  const refused = scopesProblem(user, scopes.data);
  if (refused) throw new AppError("forbidden", `${refused}; ${email} is a ${user.role}`);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = lifetime ? new Date(Date.now() + lifetime.data * DAY_MS) : null;
  const created = await inTransaction(async (tx) => {
    const row = await insertToken(tx, {
      userId: user.id,
      name: tokenName,
      tokenHash: hashToken(token),
      prefix: token.slice(0, TOKEN_PREFIX.length + 6),
      expiresAt,
      scopes: scopes.data,
    });
    await recordAudit(tx, {
      actorId,
      action: "api_token.create",
      entityType: "api_token",
      entityId: row.id,
      after: {
        userId: user.id,
        name: tokenName,
        prefix: row.prefix,
        expiresAt: expiresAt?.toISOString() ?? null,
        scopes: scopes.data,
      },
    });
    return row;
  });
  return { id: created.id, token, userId: user.id, expiresAt, scopes: scopes.data };
}

/** A user's tokens, newest first, by email (CLI) or id (the person page). */
export async function listApiTokens(owner: { email: string } | { id: string }): Promise<TokenSummary[]> {
  const where = "email" in owner ? { email: emailSchema.parse(owner.email) } : { id: owner.id };
  const user = await db.user.findUnique({ where, select: { id: true } });
  if (!user) throw new AppError("not_found", "email" in owner ? `no user with email ${owner.email}` : "No such user");
  return db.apiToken.findMany({
    where: { userId: user.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      lastUsedAt: true,
      expiresAt: true,
      revokedAt: true,
      scopes: true,
    },
  });
}

/**
 * Revokes a token. `actor` null is the CLI (run by whoever holds the database); otherwise an
 * admin, or the token's owner. Anyone else is told the token does not exist. Revoking a revoked
 * token answers the same and changes nothing.
 */
export async function revokeApiToken(actor: SessionUser | null, tokenId: string): Promise<{ revoked: true }> {
  const notFound = new AppError("not_found", actor ? "No such token" : `no token with id ${tokenId}`);
  if (!tokenIdSchema.safeParse(tokenId).success) throw notFound;
  await inTransaction(async (tx) => {
    const token = await lockToken(tx, tokenId);
    if (!token || (actor && !canRevokeToken(actor, token.userId))) throw notFound;
    if (token.revokedAt) return;
    const revokedAt = await revokeTokenRow(tx, tokenId);
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      action: "api_token.revoke",
      entityType: "api_token",
      entityId: tokenId,
      before: { userId: token.userId, prefix: token.prefix, revokedAt: null },
      after: { userId: token.userId, prefix: token.prefix, revokedAt: revokedAt.toISOString() },
    });
  });
  return { revoked: true };
}

/** Revokes every live token of a user, inside the caller's transaction; returns how many. */
export function revokeTokensOf(tx: Queryable, userId: string): Promise<number> {
  return revokeTokenRowsOf(tx, userId);
}

/** The active user a live (not revoked, not expired) bearer token belongs to, or null. */
export async function userForToken(token: string): Promise<SessionUser | null> {
  if (!isTokenShaped(token)) return null;
  return userForTokenHash(hashToken(token));
}

/** userForToken, given the token's hash. */
export async function userForTokenHash(tokenHash: string): Promise<SessionUser | null> {
  return (await tokenCallerForHash(tokenHash))?.user ?? null;
}

/** The user of a live bearer token and the token's scopes, or null. */
export async function tokenCaller(token: string): Promise<TokenCaller | null> {
  return isTokenShaped(token) ? tokenCallerForHash(hashToken(token)) : null;
}

async function tokenCallerForHash(tokenHash: string): Promise<TokenCaller | null> {
  // Every API request outside the queue's hot path runs this: one plain query through the pool.
  const row = await liveTokenUser(pool(), tokenHash);
  const user = await acceptTokenRow(row);
  return user ? { user, scopes: row!.scopes } : null;
}

/**
 * Refuses a token that lacks the scope a route needs (403, naming it). Sessions never come
 * here: they act as label and admin (their role still decides admin).
 */
export function requireTokenScope(scopes: readonly TokenScope[], needed: TokenScope): void {
  if (!scopes.includes(needed))
    throw new AppError(
      "forbidden",
      `This API token lacks the "${needed}" scope (it has ${scopes.map((s) => `"${s}"`).join(", ")})`,
    );
}

/** Whether a token looks like one of ours (anything else is refused without a query). */
export const isTokenShaped = (token: string) => token.startsWith(TOKEN_PREFIX);

/**
 * The user of a checked token (a row of LIVE_TOKEN_USER_SQL, read alone or joined into a
 * hot-path statement), or null when there was none; keeps its lastUsedAt to the minute.
 */
export async function acceptTokenRow(
  row: { tokenId: string; lastUsedAt: Date | null; user: SessionUser } | null,
): Promise<SessionUser | null> {
  if (!row) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // Best effort: a failed write must not fail the request it describes.
    await touchToken(pool(), row.tokenId).catch(() => {});
  }
  return row.user;
}
