import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { db } from "@/lib/server/db/client";
import { databaseIsReachable } from "@/lib/server/health";
import { freePort } from "../../scripts/lib/embedded-postgres";

afterAll(() => db.$disconnect());

describe("databaseIsReachable", () => {
  it("is true against the running database", async () => {
    expect(await databaseIsReachable()).toBe(true);
  });

  it("is false, quickly, when nothing listens", async () => {
    const port = await freePort();
    const dead = new PrismaClient({
      adapter: new PrismaPg({ connectionString: `postgresql://x:y@127.0.0.1:${port}/none` }),
    });
    const started = Date.now();
    expect(await databaseIsReachable(dead, 1000)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5000);
    await dead.$disconnect();
  });
});
