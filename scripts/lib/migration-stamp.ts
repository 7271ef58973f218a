import { readdir } from "node:fs/promises";

/** The time prefix of a new migration: now (UTC), but never sorting before an existing one. */
export async function nextMigrationStamp(migrationsDir: string): Promise<string> {
  // Never sort before an existing migration, even one named by hand with a later time.
  const existing = (await readdir(migrationsDir)).filter((n) => /^\d{14}_/.test(n)).sort();
  const now = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  const last = existing[existing.length - 1]?.slice(0, 14);
  return last && last >= now ? String(Number(last) + 1) : now;
}
