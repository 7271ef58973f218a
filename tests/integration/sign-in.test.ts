import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { signInWithPassword } from "@/lib/server/auth/sign-in";
import { updateUser } from "@/lib/server/users/update-user";
import { TEST_PASSWORD, makeUser, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

// Each test uses its own client address so that the per-address limit does not leak between tests.
const ip = () =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("signInWithPassword", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const user = await makeUser();
    const result = await signInWithPassword(user.email.toUpperCase(), TEST_PASSWORD, ip());
    expect(result).toMatchObject({ ok: true, user: { id: user.id, role: "labeler" }, sessionVersion: 0 });
  });

  it("answers an unknown email exactly like a wrong password", async () => {
    const user = await makeUser();
    const wrong = await signInWithPassword(user.email, "not-the-password", ip());
    const unknown = await signInWithPassword(`nobody-${uniqueSuffix()}@test.example`, "not-the-password", ip());
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual(wrong);
  });

  it("locks an account after 5 failures, even with the right password, whatever the address", async () => {
    const user = await makeUser();
    for (let i = 0; i < 5; i += 1) {
      expect(await signInWithPassword(user.email, "wrong-password", ip())).toMatchObject({
        ok: false,
        reason: "invalid",
      });
    }
    const locked = await signInWithPassword(user.email, TEST_PASSWORD, ip());
    expect(locked).toMatchObject({ ok: false, reason: "rate_limited" });
    if (locked.ok || locked.reason !== "rate_limited") throw new Error("unreachable");
    expect(locked.retryAfterSeconds).toBeGreaterThan(14 * 60);
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
  });

  it("a success resets the account's count", async () => {
    const user = await makeUser();
    for (let i = 0; i < 4; i += 1) await signInWithPassword(user.email, "wrong-password", ip());
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toMatchObject({ ok: true });
    for (let i = 0; i < 4; i += 1) await signInWithPassword(user.email, "wrong-password", ip());
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toMatchObject({ ok: true });
  });

  it("limits one address across many accounts", async () => {
    const address = ip();
    for (let i = 0; i < 30; i += 1) {
      await signInWithPassword(`spray-${uniqueSuffix()}@test.example`, "guess-password", address);
    }
    const user = await makeUser();
    expect(await signInWithPassword(user.email, TEST_PASSWORD, address)).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toMatchObject({ ok: true });
  });

  it("refuses a deactivated account with the same answer as a wrong password", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    await updateUser(admin, user.id, { active: false });
    expect(await signInWithPassword(user.email, TEST_PASSWORD, ip())).toEqual({ ok: false, reason: "invalid" });
  });
});
