import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { recordAudit } from "@/lib/server/audit";
import type { SessionUser } from "@/lib/server/auth/session-user";

const TOKEN_PREFIX = "rlhf_";

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
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!row || row.revokedAt || !row.user.active) return null;
  // Best effort and at most once a minute: a busy token must not cost a write per request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    void db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { id: row.user.id, email: row.user.email, name: row.user.name, role: row.user.role };
}
