// Each database function's source is its file in prisma/sql/functions; the database the
// migrations built must run exactly that (npm run db:functions writes the migration).
import { afterAll, describe, expect, it } from "vitest";
import { db, pool } from "@/lib/server/db/client";
import { readFunctionSources } from "../../scripts/lib/sql-functions";

afterAll(() => db.$disconnect());

const LIVE = `
  SELECT p.proname AS name, pg_get_functiondef(p.oid) AS definition
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
   WHERE n.nspname = current_schema() AND p.proname LIKE 'rlhf\\_%'
   ORDER BY p.proname, p.oid`;

describe("database functions", () => {
  it("every rlhf_ function in the database has a source file, and runs exactly that file", async () => {
    const sources = await readFunctionSources();
    const client = await pool().connect();
    try {
      const live = (await client.query<{ name: string; definition: string }>(LIVE)).rows;
      expect(live.map((f) => f.name)).toEqual(sources.map((f) => f.name));
      // Installing the files must change nothing: the live definitions already are the files.
      await client.query("BEGIN");
      try {
        for (const source of sources) await client.query(source.sql);
        const installed = (await client.query<{ name: string; definition: string }>(LIVE)).rows;
        for (const [i, source] of sources.entries()) {
          expect(live[i]!.definition, `${source.name}: run npm run db:functions -- --create <name>`).toBe(
            installed[i]!.definition,
          );
        }
      } finally {
        await client.query("ROLLBACK");
      }
    } finally {
      client.release();
    }
  });
});
