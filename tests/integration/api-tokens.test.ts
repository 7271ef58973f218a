// API token management: list, revoke (admins, or the owner), expiry, and what a password
// reset, a deactivation and a reactivation do to a user's tokens.
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createApiToken, listApiTokens, revokeApiToken, userForToken } from "@/lib/server/auth/api-tokens";
import { resetPassword } from "@/lib/server/users/reset-password";
import { updateUser } from "@/lib/server/users/update-user";
import { makeUser } from "../support/factories";

afterAll(() => db.$disconnect());

const lastUsedOf = async (id: string) => (await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;

describe("listApiTokens", () => {
  it("lists a user's tokens newest first without their secret or hash", async () => {
    const user = await makeUser();
    const first = await createApiToken(user.email, null, "laptop");
    const second = await createApiToken(user.email, null, "ci", { expiresInDays: 30 });
    const tokens = await listApiTokens({ email: user.email.toUpperCase() });
    expect(tokens.map((t) => t.id)).toEqual([second.id, first.id]);
    expect(tokens[0]).toEqual({
      id: second.id,
      name: "ci",
      prefix: second.token.slice(0, 11),
      createdAt: expect.any(Date),
      lastUsedAt: null,
      expiresAt: expect.any(Date),
      revokedAt: null,
      scopes: ["label", "admin"],
    });
    const days = (tokens[0]!.expiresAt!.getTime() - tokens[0]!.createdAt.getTime()) / 86_400_000;
    expect(days).toBeCloseTo(30, 3);
    expect(tokens[1]!.expiresAt).toBeNull();
    expect(JSON.stringify(tokens)).not.toContain(first.token);
    await expect(listApiTokens({ email: "nobody-here@test.example" })).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("revokeApiToken", () => {
  it("lets an admin revoke any token, once, with an audit event in the same change", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    const { id, token } = await createApiToken(user.email, null);
    expect(await userForToken(token)).not.toBeNull();

    expect(await revokeApiToken(admin, id)).toEqual({ revoked: true });
    expect(await userForToken(token)).toBeNull();
    const row = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.revokedAt).not.toBeNull();

    // Again: the same answer, the first revocation time kept, no second audit event.
    expect(await revokeApiToken(admin, id)).toEqual({ revoked: true });
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toEqual(row.revokedAt);
    const audit = await db.auditEvent.findMany({ where: { entityType: "api_token", entityId: id } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["api_token.create", null],
      ["api_token.revoke", admin.id],
    ]);
  });

  it("lets a user revoke their own token, and hides everyone else's behind 404", async () => {
    const owner = await makeUser();
    const other = await makeUser();
    const { id, token } = await createApiToken(owner.email, null);

    await expect(revokeApiToken(other, id)).rejects.toMatchObject({ code: "not_found", message: "No such token" });
    await expect(revokeApiToken(other, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "not_found",
      message: "No such token",
    });
    await expect(revokeApiToken(other, "not-a-uuid")).rejects.toMatchObject({ code: "not_found" });
    expect(await userForToken(token)).not.toBeNull();

    expect(await revokeApiToken(owner, id)).toEqual({ revoked: true });
    expect(await userForToken(token)).toBeNull();
  });

  it("works from the CLI (no actor) and says when the token does not exist", async () => {
    const user = await makeUser();
    const { id, token } = await createApiToken(user.email, null);
    expect(await revokeApiToken(null, id)).toEqual({ revoked: true });
    expect(await userForToken(token)).toBeNull();
    await expect(revokeApiToken(null, "00000000-0000-4000-8000-000000000000")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});

describe("token expiry", () => {
  it("refuses a token after its expiry", async () => {
    const user = await makeUser();
    const { id, token } = await createApiToken(user.email, null, "short", { expiresInDays: 1 });
    expect(await userForToken(token)).toMatchObject({ id: user.id });
    await db.apiToken.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await userForToken(token)).toBeNull();
  });

  it("refuses a lifetime that is not a whole number of days from 1 to 3650", async () => {
    const user = await makeUser();
    for (const expiresInDays of [0, -1, 1.5, 3651, Number.NaN]) {
      await expect(createApiToken(user.email, null, "cli", { expiresInDays })).rejects.toMatchObject({
        code: "bad_request",
      });
    }
  });
});

describe("password reset, deactivation and reactivation", () => {
  it("a password reset revokes every token of the user, with the count in the audit event", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    const bystander = await makeUser();
    const tokens = [await createApiToken(user.email, null), await createApiToken(user.email, null)];
    const kept = await createApiToken(bystander.email, null);

    const result = await resetPassword(admin.id, { id: user.id }, "a-brand-new-password");

    expect(result).toMatchObject({ tokensRevoked: 2 });
    for (const { token } of tokens) expect(await userForToken(token)).toBeNull();
    expect(await userForToken(kept.token)).not.toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "user.reset_password" } });
    expect(audit.after).toMatchObject({ tokensRevoked: 2 });
  });

  it("a deactivation revokes the tokens and a reactivation brings none back", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    const { id, token } = await createApiToken(user.email, null);

    await updateUser(admin, user.id, { active: false });
    expect(await userForToken(token)).toBeNull();
    expect((await db.apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull();

    await updateUser(admin, user.id, { active: true });
    expect(await userForToken(token)).toBeNull();
    // A new token works again.
    expect(await userForToken((await createApiToken(user.email, null)).token)).toMatchObject({ id: user.id });
  });
});

describe("lastUsedAt", () => {
  it("is written on first use and then at most once a minute", async () => {
    const user = await makeUser();
    const { id, token } = await createApiToken(user.email, null);
    expect(await lastUsedOf(id)).toBeNull();

    await userForToken(token);
    const first = await lastUsedOf(id);
    expect(first).not.toBeNull();

    // Within the minute: no write, however many requests.
    await Promise.all(Array.from({ length: 5 }, () => userForToken(token)));
    expect(await lastUsedOf(id)).toEqual(first);
    const thirtySecondsAgo = new Date(Date.now() - 30_000);
    await db.apiToken.update({ where: { id }, data: { lastUsedAt: thirtySecondsAgo } });
    await userForToken(token);
    expect(await lastUsedOf(id)).toEqual(thirtySecondsAgo);

    // Older than a minute: the next use records it.
    await db.apiToken.update({ where: { id }, data: { lastUsedAt: new Date(Date.now() - 120_000) } });
    await userForToken(token);
    expect((await lastUsedOf(id))!.getTime()).toBeGreaterThan(Date.now() - 10_000);
  });
});
