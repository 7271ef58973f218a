import "server-only";
import { z } from "zod";
import { queryRow, queryRows, type Queryable } from "@/lib/server/db/query";
import { roleSchema } from "@/lib/validation/users";

const PUBLIC_USER_COLUMNS = "id, email, name, role::text AS role, active, created_at";

const publicUserRow = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: roleSchema,
    active: z.boolean(),
    created_at: z.date(),
  })
  .transform(({ created_at, ...user }) => ({ ...user, createdAt: created_at }));

/** A user as admins see them: never the password hash. */
export type PublicUser = z.output<typeof publicUserRow>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user by id or email, their row locked until the transaction ends; null when there is none. */
export async function lockUser(db: Queryable, where: { id: string } | { email: string }): Promise<PublicUser | null> {
  // An id that is no uuid names nobody (PostgreSQL would refuse it: a 500).
  if ("id" in where && !UUID.test(where.id)) return null;
  const [column, value] = "id" in where ? ["id", where.id] : ["email", where.email];
  return queryRow(db, publicUserRow, `SELECT ${PUBLIC_USER_COLUMNS} FROM users WHERE ${column} = $1 FOR UPDATE`, [
    value,
  ]);
}

/** Inserts a user (a taken email fails with unique_violation on users_email_key). */
export async function insertUser(
  db: Queryable,
  u: { email: string; name: string; role: PublicUser["role"]; passwordHash: string },
): Promise<PublicUser> {
  const [row] = await queryRows(
    db,
    publicUserRow,
    `INSERT INTO users (id, email, name, role, password_hash, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3::"Role", $4, now()) RETURNING ${PUBLIC_USER_COLUMNS}`,
    [u.email, u.name, u.role, u.passwordHash],
  );
  return row!;
}

export interface UserChange {
  name?: string;
  role?: PublicUser["role"];
  active?: boolean;
  /** Sets deactivated_at (true), clears it (false), or leaves it (undefined). */
  deactivated?: boolean;
  /** Bumps session_version: every session cookie of the user stops being accepted. */
  endSessions?: boolean;
}

/** Applies a change to a user; fields left undefined keep their value. */
export async function updateUserRow(db: Queryable, id: string, c: UserChange): Promise<PublicUser> {
  const [row] = await queryRows(
    db,
    publicUserRow,
    `UPDATE users SET name = coalesce($2, name), role = coalesce($3::"Role", role), active = coalesce($4, active),
            deactivated_at = CASE WHEN $5::boolean IS NULL THEN deactivated_at WHEN $5 THEN now() ELSE NULL END,
            session_version = session_version + CASE WHEN $6 THEN 1 ELSE 0 END,
            updated_at = now()
      WHERE id = $1
     RETURNING ${PUBLIC_USER_COLUMNS}`,
    [id, c.name ?? null, c.role ?? null, c.active ?? null, c.deactivated ?? null, c.endSessions === true],
  );
  return row!;
}

/** A new password: session_version moves on, so every session cookie of the user stops working. */
export async function setPasswordHash(db: Queryable, id: string, passwordHash: string): Promise<void> {
  await db.query(
    "UPDATE users SET password_hash = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1",
    [id, passwordHash],
  );
}
