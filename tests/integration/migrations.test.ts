import { createHash } from "node:crypto";
import { mkdtemp, mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "@/lib/server/db/migrate";
import { MIGRATIONS_DIR } from "../support/test-database";
import { uniqueSuffix } from "../support/factories";

// Each test works in a scratch database of its own on the test server.
const created: string[] = [];
let admin: pg.Client;

beforeAll(async () => {
  admin = new pg.Client({ connectionString: process.env.TEST_SERVER_URL });
  await admin.connect();
});

afterAll(async () => {
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

async function scratchDatabase(): Promise<string> {
  const name = `scratch_${uniqueSuffix()}`;
  await admin.query(`CREATE DATABASE "${name}"`);
  created.push(name);
  const url = new URL(process.env.TEST_SERVER_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("applyMigrations", () => {
  it("applies every migration once and records it the way Prisma does", async () => {
    const url = await scratchDatabase();
    const first = await applyMigrations(url, MIGRATIONS_DIR);
    const files = await readMigrations(MIGRATIONS_DIR);
    expect(first.applied).toEqual(files.map((f) => f.name));
    const second = await applyMigrations(url, MIGRATIONS_DIR);
    expect(second.applied).toEqual([]);

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      url,
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(createHash("sha256").update(files[i]!.sql).digest("hex"));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it("leaves nothing behind when a migration fails halfway", async () => {
    const url = await scratchDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), "migrations-"));
    await mkdir(path.join(dir, "001_ok"));
    await writeFile(path.join(dir, "001_ok", "migration.sql"), "CREATE TABLE good (id int);");
    await mkdir(path.join(dir, "002_bad"));
    await writeFile(
      path.join(dir, "002_bad", "migration.sql"),
      "CREATE TABLE half (id int);\nSELECT * FROM no_such_table;",
    );

    await expect(applyMigrations(url, dir)).rejects.toThrow(/002_bad failed/);
    const tables = await query<{ table_name: string }>(
      url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(["_prisma_migrations", "good"]);
    const recorded = await query<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(recorded.map((r) => r.migration_name)).toEqual(["001_ok"]);
  });
});
