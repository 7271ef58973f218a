// Browser sessions end on the server: sign-out ends one; a password reset, a deactivation and a
// role change end all of the user's; a reactivation revives none. Checked through next-auth's
// own callbacks, which both every page and /api/auth/session run.
import type { JWT } from "next-auth/jwt";
import type { Session, User } from "next-auth";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { authOptions } from "@/lib/server/auth/options";
import { resetPassword } from "@/lib/server/users/reset-password";
import { updateUser } from "@/lib/server/users/update-user";
import { makeUser } from "../support/factories";
import type { SessionUser } from "@/lib/server/auth/session-user";

afterAll(() => db.$disconnect());

/** What next-auth does at sign-in: the jwt callback with the user authorize() returned. */
async function signInAs(user: SessionUser): Promise<JWT> {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
  const signedIn: User = { id: user.id, email: user.email, name: user.name, sessionVersion: row.sessionVersion };
  return (await authOptions().callbacks!.jwt!({
    token: { email: user.email, name: user.name },
    user: signedIn,
    account: null,
    trigger: "signIn",
  })) as JWT;
}

/** What every later request does (getServerSession and /api/auth/session): jwt, then session. */
async function sessionOf(cookieToken: JWT): Promise<Session | null> {
  const callbacks = authOptions().callbacks!;
  try {
    // next-auth hands the callback a fresh copy decoded from the cookie.
    const token = (await callbacks.jwt!({ token: { ...cookieToken } } as never)) as JWT;
    return (await callbacks.session!({
      session: { expires: new Date(Date.now() + 3_600_000).toISOString() },
      token,
    } as never)) as Session;
  } catch (error) {
    // next-auth answers "no session" (and clears the cookie) when the jwt callback throws.
    expect((error as Error).name).toBe("SessionEndedError");
    return null;
  }
}

async function signOut(token: JWT) {
  await authOptions().events!.signOut!({ token, session: undefined as never });
}

const sessionRow = (id: string | undefined) => db.session.findUniqueOrThrow({ where: { id: id! } });

describe("sessions", () => {
  it("a signed-in session is open until that session signs out; the user's other sessions stay open", async () => {
    const user = await makeUser();
    const laptop = await signInAs(user);
    const phone = await signInAs(user);
    expect(laptop.sid).toEqual(expect.any(String));
    expect(laptop.sid).not.toBe(phone.sid);
    expect((await sessionOf(laptop))?.account).toEqual({
      id: user.id,
      email: user.email,
      name: user.name,
      role: "labeler",
    });

    await signOut(laptop);

    expect(await sessionOf(laptop)).toBeNull();
    expect(await sessionRow(laptop.sid)).toMatchObject({ endedAt: expect.any(Date), endedReason: "sign_out" });
    expect((await sessionOf(phone))?.account).toMatchObject({ id: user.id });
  });

  it("refuses a cookie without a session id (issued before sessions were recorded)", async () => {
    const user = await makeUser();
    expect(await sessionOf({ uid: user.id, sv: 0 })).toBeNull();
  });

  it("a password reset ends every session of the user, and says how many", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    const other = await makeUser();
    const sessions = [await signInAs(user), await signInAs(user)];
    const bystander = await signInAs(other);

    const result = await resetPassword(admin.id, { id: user.id }, "a-brand-new-password");

    expect(result).toMatchObject({ sessionsEnded: 2 });
    for (const token of sessions) {
      expect(await sessionOf(token)).toBeNull();
      expect(await sessionRow(token.sid)).toMatchObject({ endedReason: "password_reset" });
    }
    expect(await sessionOf(bystander)).not.toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "user.reset_password" } });
    expect(audit.after).toMatchObject({ sessionsEnded: 2 });
  });

  it("a deactivation ends the sessions and a reactivation revives none", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    const token = await signInAs(user);

    await updateUser(admin, user.id, { active: false });
    expect(await sessionOf(token)).toBeNull();
    expect(await sessionRow(token.sid)).toMatchObject({ endedReason: "deactivated" });

    await updateUser(admin, user.id, { active: true });
    expect(await sessionOf(token)).toBeNull();
    expect(await sessionOf(await signInAs(user))).not.toBeNull();
  });

  it("a role change ends the sessions; a rename does not", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    const token = await signInAs(user);

    await updateUser(admin, user.id, { name: "Renamed" });
    expect((await sessionOf(token))?.account).toMatchObject({ name: "Renamed", role: "labeler" });

    await updateUser(admin, user.id, { role: "admin" });
    expect(await sessionOf(token)).toBeNull();
    expect(await sessionRow(token.sid)).toMatchObject({ endedReason: "role_change" });
  });

  it("refuses a session whose user id was swapped for another user's", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const token = await signInAs(user);
    expect(await sessionOf({ ...token, uid: other.id })).toBeNull();
  });
});
