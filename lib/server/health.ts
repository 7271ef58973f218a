import "server-only";
import { db } from "@/lib/server/db/client";

type Pingable = { $queryRaw: (query: TemplateStringsArray) => Promise<unknown> };

/** True when the database answers within the time limit. */
export async function databaseIsReachable(client: Pingable = db, timeoutMs = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.$queryRaw`SELECT 1`,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
