import "server-only";
import { pool } from "@/lib/server/db/client";
import type { Queryable } from "@/lib/server/db/query";
import { AppError } from "@/lib/server/errors";
import { findProjectBySlug, type ProjectRecord } from "@/lib/server/projects/project-queries";
import { isProjectSlug } from "@/lib/validation/projects";

/** What use cases get of a project they are given by slug: its own columns. */
export type ProjectRef = ProjectRecord;

export interface RequireProjectOptions {
  /** The transaction to read on (inTransaction's client); the pool when absent. */
  tx?: Queryable;
  /** Lock the project's row until the transaction ends (only with `tx`). */
  forUpdate?: boolean;
}

/**
 * The project named by a slug, or not_found: the one lookup by slug, on the pool or inside a
 * transaction. Plain SQL, not Prisma: the CLI's import, export and agreement commands then
 * never load the query engine, which alone would double the process's memory. A slug that
 * cannot name a project (a NUL, a lone surrogate) is not found without a query: PostgreSQL
 * would refuse it (a 500).
 */
export async function requireProject(slug: string, options: RequireProjectOptions = {}): Promise<ProjectRef> {
  const missing = () => new AppError("not_found", `no project with slug ${slug}`);
  if (!isProjectSlug(slug)) throw missing();
  const project = await findProjectBySlug(options.tx ?? pool(), slug, options.forUpdate === true);
  if (!project) throw missing();
  return project;
}
