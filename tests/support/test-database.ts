// The real PostgreSQL that integration and browser tests run against: TEST_DATABASE_URL
// when given, otherwise a throwaway embedded server started for this run.
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { applyMigrations } from "../../lib/server/db/migrate";
import { freePort, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres";

export interface TestDatabase {
  url: string;
  /** A connection string to the same server's maintenance database, for creating scratch databases. */
  serverUrl: string;
  stop(): Promise<void>;
}

export const MIGRATIONS_DIR = path.resolve(__dirname, "..", "..", "prisma", "migrations");

export async function startTestDatabase(): Promise<TestDatabase> {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    await applyMigrations(given, MIGRATIONS_DIR);
    const server = new URL(given);
    server.pathname = "/postgres";
    return { url: given, serverUrl: server.toString(), stop: async () => {} };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-test-"));
  const pg = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: await freePort(),
    persistent: false,
    quiet: true,
  });
  await pg.createDatabaseIfMissing("rlhf_test");
  const url = pg.url("rlhf_test");
  await applyMigrations(url, MIGRATIONS_DIR);
  return {
    url,
    serverUrl: pg.url("postgres"),
    stop: async () => {
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
