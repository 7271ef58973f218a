// The database functions' canonical sources: prisma/sql/functions/<name>.sql, one
// CREATE OR REPLACE FUNCTION each. Migrations are history; the newest migration that
// mentions a function installs the text of its file (npm run db:functions writes it).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationFile } from "../../lib/server/db/migrate";

export const FUNCTIONS_DIR = path.resolve(__dirname, "..", "..", "prisma", "sql", "functions");

export interface FunctionSource {
  /** The function's name, which is the file's name. */
  name: string;
  sql: string;
}

/** Every function file, in name order (the order a migration installs them in). */
export async function readFunctionSources(dir = FUNCTIONS_DIR): Promise<FunctionSource[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".sql")).sort();
  return Promise.all(
    files.map(async (file) => {
      const name = file.slice(0, -".sql".length);
      const sql = await readFile(path.join(dir, file), "utf8");
      if (!new RegExp(`CREATE OR REPLACE FUNCTION ${name}\\(`).test(sql)) {
        throw new Error(`${file} must hold CREATE OR REPLACE FUNCTION ${name}(...)`);
      }
      return { name, sql };
    }),
  );
}

/**
 * The functions whose file no migration installs yet: the newest migration that mentions
 * the function does not contain the file's text.
 */
export function pendingFunctions(sources: FunctionSource[], migrations: MigrationFile[]): FunctionSource[] {
  return sources.filter((source) => {
    const newest = migrations.findLast((m) => m.sql.includes(`FUNCTION ${source.name}(`));
    return !newest?.sql.includes(source.sql.trim());
  });
}
