import "server-only";
import { z } from "zod";
import { queryRow, queryRows, type Queryable, isUuid } from "@/lib/server/db/query";
import { storedRankingSchema } from "@/lib/validation/stored-json";
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

/** A user by id or email, their row locked until the transaction ends; null when there is none. */
export async function lockUser(db: Queryable, where: { id: string } | { email: string }): Promise<PublicUser | null> {
  // An id that is no uuid names nobody (PostgreSQL would refuse it: a 500).
  if ("id" in where && !isUuid(where.id)) return null;
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

const labelerProjectRow = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    annotations: z.number(),
    today: z.number(),
    last7: z.number(),
    median_ms: z.number().nullable(),
    skips: z.number(),
  })
  .transform(({ median_ms, ...r }) => ({ ...r, medianMs: median_ms }));

/** One labeler's volume, pace and skips in each project they are a member of. */
export function labelerProjectRows(db: Queryable, userId: string) {
  return queryRows(
    db,
    labelerProjectRow,
    `SELECT p.id, p.slug, p.name,
            count(a.id)::int AS annotations,
            count(a.id) FILTER (WHERE a.created_at >= date_trunc('day', now()))::int AS today,
            count(a.id) FILTER (WHERE a.created_at >= now() - interval '7 days')::int AS last7,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY a.time_spent_ms) AS median_ms,
            (SELECT count(*)::int FROM skips k JOIN items i ON i.id = k.item_id WHERE k.labeler_id = $1 AND i.project_id = p.id) AS skips
       FROM memberships m JOIN projects p ON p.id = m.project_id
       LEFT JOIN annotations a ON a.project_id = p.id AND a.labeler_id = $1
      WHERE m.user_id = $1
      GROUP BY p.id, p.slug, p.name
      ORDER BY p.name`,
    [userId],
  );
}

const labelerOverallRow = z
  .object({ median_ms: z.number().nullable(), first: z.date().nullable(), last: z.date().nullable() })
  .transform((r) => ({ medianMs: r.median_ms, first: r.first, last: r.last }));

/** One labeler's median time per answer, first and last answer, across projects. */
export async function labelerOverall(db: Queryable, userId: string) {
  const [row] = await queryRows(
    db,
    labelerOverallRow,
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY time_spent_ms) AS median_ms, min(created_at) AS first, max(created_at) AS last
       FROM annotations WHERE labeler_id = $1`,
    [userId],
  );
  return row!;
}

const goldAttemptRow = z
  .object({
    project_id: z.string(),
    ranking: storedRankingSchema.nullable(),
    gold: z.unknown(),
  })
  .transform((r) => ({ projectId: r.project_id, ranking: r.ranking, gold: r.gold }));

/** One labeler's answers on gold items, with each item's expected answer. */
export function goldAttempts(db: Queryable, userId: string) {
  return queryRows(
    db,
    goldAttemptRow,
    `SELECT a.project_id, a.ranking, i.gold_answer AS gold
       FROM annotations a JOIN items i ON i.id = a.item_id
      WHERE a.labeler_id = $1 AND i.is_gold`,
    [userId],
  );
}
