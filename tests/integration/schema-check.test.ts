// The check in `npm test` that schema.prisma and prisma/migrations agree must be able to fail.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..", "..");

describe("db:diff --check", () => {
  it("exits non-zero and prints the missing SQL when the schema has a change without a migration", () => {
    const copy = mkdtempSync(path.join(os.tmpdir(), "schema-check-"));
    cpSync(path.join(root, "prisma"), path.join(copy, "prisma"), { recursive: true });
    const schemaFile = path.join(copy, "prisma", "schema.prisma");
    const schema = readFileSync(schemaFile, "utf8");
    // Whatever the column alignment `prisma format` chose: add a column after items.priority.
    const changed = schema.replace(/^(\s*priority\s+Int\s+@default\(0\))$/m, "$1\n  reviewed Boolean?");
    expect(changed).not.toBe(schema);
    writeFileSync(schemaFile, changed);
    const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/db-diff.ts", "--check"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, SCHEMA_ROOT: copy, DATABASE_URL: process.env.TEST_SERVER_URL },
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('ALTER TABLE "items" ADD COLUMN     "reviewed" BOOLEAN;');
  }, 60_000);
});
