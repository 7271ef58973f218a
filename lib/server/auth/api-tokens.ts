import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";
import type { SessionUser } from "@/lib/server/auth/session-user";

const TOKEN_PREFIX = "rlhf_";

interface TokenRow {
  token_id: string;
  last_used_at: Date | null;
  id: string;
  email: string;
  name: string;
  role: "admin" | "labeler";
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates an API token for a user; the token is returned once and only its hash is kept. */
export async function createApiToken(email: string, actorId: string | null, name = "cli") {
  const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) throw new AppError("not_found", `no user with email ${email}`);
  if (!user.active) throw new AppError("conflict", `user ${email} is deactivated`);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: { userId: user.id, name, tokenHash: hashToken(token), prefix: token.slice(0, TOKEN_PREFIX.length + 6) },
    });
    await recordAudit(tx, {
      actorId,
      action: "api_token.create",
      entityType: "api_token",
      entityId: row.id,
      after: { userId: user.id, name, prefix: row.prefix },
    });
    return row;
  });
  return { id: created.id, token, userId: user.id };
}

/** The active user a bearer token belongs to, or null. */
export async function userForToken(token: string): Promise<SessionUser | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  // Every API request runs this: one plain query through the pool.
  const { rows } = await pool().query<TokenRow>(
    `SELECT t.id AS token_id, t.last_used_at, u.id, u.email, u.name, u.role::text AS role
       FROM api_tokens t JOIN users u ON u.id = t.user_id
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active`,
    [hashToken(token)],
  );
  const row = rows[0];
  if (!row) return null;
  // Best effort and at most once a minute: a busy token must not cost a write per request.
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    void pool()
      .query("UPDATE api_tokens SET last_used_at = now() WHERE id = $1", [row.token_id])
      .catch(() => {});
  }
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}
