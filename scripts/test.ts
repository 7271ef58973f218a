// npm test: everything CI checks, on a machine with nothing but Node (plus Chromium for
// the browser journeys). Starts its own throwaway PostgreSQL unless TEST_DATABASE_URL is set.
//   (typecheck | lint | start PostgreSQL) -> schema/migrations agreement -> unit + integration -> build -> browser journeys -> short soak
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { run } from "./lib/run";
import { applyMigrations } from "../lib/server/db/migrate";
import { MIGRATIONS_DIR, startTestDatabase, type TestDatabase } from "../tests/support/test-database";

const root = path.resolve(__dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

async function step(name: string, body: () => Promise<void>) {
  const started = Date.now();
  process.stdout.write(`\n▶ ${name}\n`);
  await body();
  process.stdout.write(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

async function main() {
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(chromium)) {
    throw new Error(
      `Chromium not found at ${chromium}. Install it first (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
  }
  let database: TestDatabase | undefined;
  try {
    // Independent and mostly single-threaded: run side by side (CI's budget is 15 minutes).
    // allSettled, so a failing check still leaves `database` set for the `finally` to stop.
    await step("typecheck, lint and formatting; start PostgreSQL and apply migrations", async () => {
      const results = await Promise.allSettled([
        run(bin("tsc"), ["--noEmit"], { cwd: root }),
        (async () => {
          await run(bin("eslint"), ["--max-warnings", "0", "."], { cwd: root });
          await run(bin("prettier"), ["--check", "--log-level", "warn", "."], { cwd: root });
        })(),
        startTestDatabase().then((started) => {
          database = started;
        }),
      ]);
      const failed = results.find((result) => result.status === "rejected");
      if (failed) throw failed.reason;
    });
    const env = {
      ...process.env,
      TEST_DATABASE_URL: database!.url,
      TEST_SERVER_URL: database!.serverUrl,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    await step("schema.prisma agrees with prisma/migrations", () =>
      run(bin("tsx"), ["scripts/db-diff.ts", "--check"], {
        cwd: root,
        env: { ...env, DATABASE_URL: database!.serverUrl },
      }),
    );
    await step("unit and integration tests (vitest)", () => run(bin("vitest"), ["run"], { cwd: root, env }));
    await step("production build", () => run(bin("next"), ["build"], { cwd: root, env, quiet: true }));
    // The journeys get a database of their own: the integration tests leave leases behind
    // (some with 10-minute terms) whose expiry, in the middle of the authorization matrix,
    // would look like a change made by a refused request.
    await step("browser journeys (Playwright, Chromium)", async () => {
      const url = await freshDatabase(database!.serverUrl, `${new URL(database!.url).pathname.slice(1)}_e2e`);
      // Migrated before Playwright starts the app (its global setup runs after the web server
      // is up), so the app's background work never meets an empty database.
      await applyMigrations(url, MIGRATIONS_DIR);
      await run(bin("playwright"), ["test"], { cwd: root, env: { ...env, TEST_DATABASE_URL: url } });
    });
    // Its own PostgreSQL (it restarts it) and two app instances on the build just made.
    await step("soak, short (60 s: SIGKILL of an app instance, PostgreSQL restart, then SQL checks)", () =>
      run(bin("tsx"), ["scripts/soak.ts", "--short"], {
        cwd: root,
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      }),
    );
  } finally {
    await database?.stop();
  }
  process.stdout.write("\nAll checks passed.\n");
}

/** Drops and creates a database on the server of `serverUrl`; returns its URL. */
async function freshDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const quoted = client.escapeIdentifier(name);
    await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

main().catch((error: Error) => {
  process.stderr.write(`\n✘ ${error.message}\n`);
  process.exit(1);
});
