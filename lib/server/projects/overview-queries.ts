import "server-only";
import { storedProjectStatusSchema } from "@/lib/validation/projects";
import { z } from "zod";
import { pool } from "@/lib/server/db/client";
import { queryRow, queryRows } from "@/lib/server/db/query";

const overviewProjectRow = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    kind: z.string(),
    status: storedProjectStatusSchema,
    last_answer_at: z.date().nullable(),
  })
  .transform((r) => ({
    id: r.id,
    slug: r.slug,
    name: r.name,
    kind: r.kind,
    status: r.status,
    lastAnswerAt: r.last_answer_at,
  }));

/**
 * The `limit` projects not archived, most recently answered first (then newest): each one's
 * latest answer is one read of the (project_id, created_at) index, however many answers.
 */
export function recentlyActiveProjects(limit: number) {
  return queryRows(
    pool(),
    overviewProjectRow,
    `SELECT p.id, p.slug, p.name, p.kind::text AS kind, p.status::text AS status,
            (SELECT max(a.created_at) FROM annotations a WHERE a.project_id = p.id) AS last_answer_at
       FROM projects p
      WHERE p.status <> 'archived'
      ORDER BY last_answer_at DESC NULLS LAST, p.created_at DESC
      LIMIT $1`,
    [limit],
  );
}

/** How many projects are not archived. */
export async function openProjectCount(): Promise<number> {
  const row = await queryRow(
    pool(),
    z.object({ n: z.number().int() }),
    "SELECT count(*)::int AS n FROM projects WHERE status <> 'archived'",
    [],
  );
  return row!.n;
}
