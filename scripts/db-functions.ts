// npm run db:functions                     list the function files that no migration installs yet
// npm run db:functions -- --create <name>  write them into a new migration
// Each database function's source is prisma/sql/functions/<function>.sql (one CREATE OR
// REPLACE FUNCTION); edit the file, then create the migration that installs it.
// tests/integration/queue-functions.test.ts fails while a live function differs from its file.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { readMigrations } from "../lib/server/db/migrate";
import { nextMigrationStamp } from "./lib/migration-stamp";
import { pendingFunctions, readFunctionSources } from "./lib/sql-functions";

async function main() {
  const args = process.argv.slice(2);
  const createIndex = args.indexOf("--create");
  const name = createIndex >= 0 ? args[createIndex + 1] : undefined;
  if (createIndex >= 0 && !name?.match(/^[a-z0-9_]+$/)) {
    process.stderr.write("usage: db:functions [-- --create <name>] (name: lower-case letters, digits and _)\n");
    process.exit(2);
  }
  const root = path.resolve(__dirname, "..");
  const migrationsDir = path.join(root, "prisma", "migrations");
  const pending = pendingFunctions(await readFunctionSources(), await readMigrations(migrationsDir));
  if (!name || pending.length === 0) {
    process.stdout.write(JSON.stringify({ pending: pending.map((f) => f.name) }) + "\n");
    return;
  }
  const dir = path.join(migrationsDir, `${await nextMigrationStamp(migrationsDir)}_${name}`);
  const header =
    "-- Installs the current sources of these database functions, written by `npm run db:functions`\n" +
    "-- from prisma/sql/functions (the canonical sources: edit those, not this file).\n";
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "migration.sql"), header + pending.map((f) => "\n" + f.sql.trim() + "\n").join(""));
  process.stdout.write(
    JSON.stringify({ created: path.relative(root, dir), functions: pending.map((f) => f.name) }) + "\n",
  );
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
