// Sign-in limits under concurrency: a burst of parallel guesses gets no more password checks
// than the limit, and an admin can lift a lock (CLI and server function, audited).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { signInWithPassword, type SignInResult } from "@/lib/server/auth/sign-in";
import { TEST_PASSWORD, makeUser, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

const ip = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

/** Attempts whose password was actually checked (the rest were refused by the limit first). */
const checked = (results: SignInResult[]) => results.filter((r) => r.ok || r.reason === "invalid");

describe("sign-in limits under concurrency", () => {
  /** Resolves once `n` failures are reserved under `key`: the burst is then under way. */
  async function reserved(key: string, n: number) {
    for (let waited = 0; waited < 10_000; waited += 5) {
      if ((await db.loginAttempt.count({ where: { key, success: false } })) >= n) return;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`${key}: fewer than ${n} failures reserved`);
  }

  it("checks at most 5 of 40 parallel guesses at one account, and the right password in the middle is refused", async () => {
    const user = await makeUser();
    const guess = (n: number) => signInWithPassword(user.email, `wrong-${n}`, ip());
    const first = Array.from({ length: 20 }, (_, n) => guess(n));
    // The right password goes in while the first guesses are still being checked.
    await reserved(`email:${user.email}`, 5);
    const right = signInWithPassword(user.email, TEST_PASSWORD, ip());
    const rest = Array.from({ length: 19 }, (_, n) => guess(21 + n));
    const results = await Promise.all([...first, right, ...rest]);
    expect(checked(results)).toHaveLength(5);
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    expect(results[20]).toMatchObject({ ok: false, reason: "rate_limited" });
    // Locked: the right password is refused afterwards too.
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    const failures = await db.loginAttempt.count({ where: { key: `email:${user.email}`, success: false } });
    expect(failures).toBe(5);
  });

  it("checks at most 30 of 40 parallel guesses from one address across accounts", async () => {
    const address = ip();
    const user = await makeUser();
    const spray = () => signInWithPassword(`spray-${uniqueSuffix()}@test.example`, "guess-password", address);
    const first = Array.from({ length: 35 }, spray);
    await reserved(`ip:${address}`, 30);
    const right = signInWithPassword(user.email, TEST_PASSWORD, address);
    const rest = Array.from({ length: 4 }, spray);
    const results = await Promise.all([...first, right, ...rest]);
    expect(checked(results)).toHaveLength(30);
    expect(results[35]).toMatchObject({ ok: false, reason: "rate_limited" });
    // Another address is not affected.
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toMatchObject({ ok: true });
  });

  it("a success is not counted against the address", async () => {
    const address = ip();
    const user = await makeUser();
    for (let i = 0; i < 29; i += 1)
      await signInWithPassword(`spray-${uniqueSuffix()}@test.example`, "guess-password", address);
    expect(await signInWithPassword(user.email, TEST_PASSWORD, address)).toMatchObject({ ok: true });
    expect(await signInWithPassword(user.email, TEST_PASSWORD, address)).toMatchObject({ ok: true });
    expect(await db.loginAttempt.count({ where: { key: `ip:${address}`, success: false } })).toBe(29);
  });
});

describe("unlocking an account", () => {
  const unlockAccount = async (actorId: string | null, email: string) =>
    (await import("@/lib/server/auth/unlock-account")).unlockAccount(actorId, email);

  it("lifts the account's lock, with an audit entry naming the admin", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    for (let i = 0; i < 5; i += 1) await signInWithPassword(user.email, "wrong-password", ip());
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toMatchObject({ reason: "rate_limited" });

    expect(await unlockAccount(admin.id, user.email.toUpperCase())).toEqual({ unlocked: true, cleared: 5 });
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toMatchObject({ ok: true });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "user.unlock", entityId: user.id } });
    expect(audit).toMatchObject({ actorId: admin.id, entityType: "user", after: { email: user.email, cleared: 5 } });
  });

  it("refuses an email without an account", async () => {
    await expect(unlockAccount(null, `nobody-${uniqueSuffix()}@test.example`)).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("works from the CLI: user unlock --email E prints {unlocked: true}", async () => {
    const user = await makeUser();
    for (let i = 0; i < 5; i += 1) await signInWithPassword(user.email, "wrong-password", ip());
    const root = path.resolve(__dirname, "..", "..");
    const result = spawnSync(
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "cli/main.ts", "user", "unlock", "--email", user.email],
      { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL } },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ unlocked: true });
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toMatchObject({ ok: true });
    expect(await db.auditEvent.count({ where: { action: "user.unlock", entityId: user.id, actorId: null } })).toBe(1);
  });
});
