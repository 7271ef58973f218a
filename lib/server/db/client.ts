import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/server/env";

// One connection pool and one Prisma client per process (Next's dev server re-evaluates
// modules on every change). The queue's hot path (lib/server/queue) sends its few
// statements straight through the pool: Prisma's per-query work is most of its cost there.
const globalForDb = globalThis as unknown as { pool?: pg.Pool; prisma?: PrismaClient };

export function pool(): pg.Pool {
  if (!globalForDb.pool) {
    const created = new pg.Pool({
      connectionString: env().DATABASE_URL,
      max: env().DATABASE_POOL_SIZE,
      // A request waiting for a connection while the database is away fails (503) instead of hanging.
      connectionTimeoutMillis: 5000,
      // Scripts and the CLI exit when their work is done, without closing the pool by hand.
      allowExitOnIdle: true,
    });
    // An idle connection dropped by the server (a restart) is discarded by the pool; without
    // a listener, its "error" event would bring the whole process down.
    created.on("error", (error) => console.warn(`database connection lost: ${error.message}`));
    globalForDb.pool = created;
  }
  return globalForDb.pool;
}

function createClient(): PrismaClient {
  // Connects on first query, so `next build` needs no database.
  return new PrismaClient({ adapter: new PrismaPg(pool()) });
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    globalForDb.prisma ??= createClient();
    const value = Reflect.get(globalForDb.prisma, property);
    return typeof value === "function" ? value.bind(globalForDb.prisma) : value;
  },
});

/** The connection a transaction's statements run on (inTransaction's callback gets it). */
export type Tx = pg.PoolClient;

/**
 * The one transaction helper: runs `body` in one transaction on one pooled connection,
 * committed if it returns, rolled back if it throws. Everything transactional goes through
 * it, as raw SQL on the client (the `*-queries.ts` functions take it); Prisma's
 * `$transaction` is not used. Why pg and not Prisma: the CLI's import, export and agreement
 * commands must not load Prisma's query engine (+45 MB RSS, the benchmarks' memory figures),
 * and the import streams a million lines through one transaction (docs/DEVELOPMENT.md).
 */
export async function inTransaction<T>(body: (client: Tx) => Promise<T>): Promise<T> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const result = await body(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
