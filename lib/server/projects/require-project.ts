import "server-only";
import type { ProjectKind } from "@/lib/domain/project-kinds";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import { isProjectSlug } from "@/lib/validation/projects";

/** What use cases need of a project they are given by slug. */
export interface ProjectRef {
  id: string;
  slug: string;
  name: string;
  kind: ProjectKind;
  status: "active" | "paused" | "archived";
  overlap: number;
  minCompletions: number;
  maxCompletions: number;
  flags: string[];
}

interface ProjectRow {
  id: string;
  slug: string;
  name: string;
  kind: ProjectKind;
  status: ProjectRef["status"];
  overlap: number;
  min_completions: number;
  max_completions: number;
  flags: string[] | null;
}

/**
 * The project named by a slug, or not_found. Plain SQL through the pool, not Prisma: the CLI's
 * export and agreement commands then never load the query engine, which alone would double
 * the process's memory. A slug that cannot name a project (a NUL, a lone surrogate) is not
 * found without a query: PostgreSQL would refuse it (a 500).
 */
export async function requireProject(slug: string): Promise<ProjectRef> {
  const missing = () => new AppError("not_found", `no project with slug ${slug}`);
  if (!isProjectSlug(slug)) throw missing();
  const { rows } = await pool().query<ProjectRow>(
    `SELECT id, slug, name, kind::text AS kind, status::text AS status, overlap,
            min_completions, max_completions, flags
       FROM projects WHERE slug = $1`,
    [slug],
  );
  const row = rows[0];
  if (!row) throw missing();
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    status: row.status,
    overlap: row.overlap,
    minCompletions: row.min_completions,
    maxCompletions: row.max_completions,
    flags: row.flags ?? [],
  };
}
