// npm run db:migrate: applies prisma/migrations to MIGRATE_DATABASE_URL, or else DATABASE_URL
// (see lib/server/db/migrate.ts). The runner holds a session advisory lock, which a pooler in
// transaction mode breaks: behind PgBouncer, MIGRATE_DATABASE_URL names PostgreSQL itself
// (docs/SCALING.md).
import path from "node:path";
import { applyMigrations } from "../lib/server/db/migrate";

const url = process.env.MIGRATE_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  process.stderr.write("error: DATABASE_URL is not set\n");
  process.exit(2);
}
applyMigrations(url, path.resolve(__dirname, "..", "prisma", "migrations"))
  .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
  .catch((error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    process.exit(1);
  });
