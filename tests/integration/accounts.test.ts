import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { createApiToken, hashToken, userForToken } from "@/lib/server/auth/api-tokens";
import { verifyPassword } from "@/lib/server/auth/password";
import { createUser } from "@/lib/server/users/create-user";
import { createUsersInBulk } from "@/lib/server/users/create-users-in-bulk";
import { resetPassword } from "@/lib/server/users/reset-password";
import { updateUser } from "@/lib/server/users/update-user";
import { TEST_PASSWORD, makeItem, makeProject, makeUser, uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

describe("createUser", () => {
  it("stores an argon2id hash, never the password", async () => {
    const user = await makeUser();
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(await verifyPassword(row.passwordHash, `${TEST_PASSWORD}x`)).toBe(false);
  });

  it("refuses a second account with the same email, in any case, and audits the first", async () => {
    const email = `dup-${uniqueSuffix()}@test.example`;
    const first = await createUser({ email, role: "labeler", password: TEST_PASSWORD }, null);
    await expect(
      createUser({ email: email.toUpperCase(), role: "admin", password: TEST_PASSWORD }, null),
    ).rejects.toMatchObject({
      code: "conflict",
    });
    const audit = await db.auditEvent.findMany({ where: { entityType: "user", entityId: first.id } });
    expect(audit.map((a) => a.action)).toEqual(["user.create"]);
  });
});

describe("updateUser", () => {
  it("ends sessions and gives back leased slots when deactivating, recording before and after", async () => {
    const admin = await makeUser("admin");
    const labeler = await makeUser();
    const project = await makeProject("comparison", 2);
    const item = await makeItem(project.slug);
    const slot = item.slots[0]!;
    const expiresAt = new Date(Date.now() + 60_000);
    await db.slot.update({
      where: { id: slot.id },
      data: { state: "leased", labelerId: labeler.id, leaseExpiresAt: expiresAt },
    });
    const lease = await db.lease.create({
      data: { slotId: slot.id, itemId: item.id, projectId: project.id, labelerId: labeler.id, expiresAt },
    });
    const before = await db.user.findUniqueOrThrow({ where: { id: labeler.id } });

    await updateUser(admin, labeler.id, { active: false });

    const after = await db.user.findUniqueOrThrow({ where: { id: labeler.id } });
    expect(after.active).toBe(false);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(after.deactivatedAt).not.toBeNull();
    expect(await db.lease.findUniqueOrThrow({ where: { id: lease.id } })).toMatchObject({ state: "released" });
    expect(await db.slot.findUniqueOrThrow({ where: { id: slot.id } })).toMatchObject({
      state: "open",
      labelerId: null,
    });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: labeler.id, action: "user.deactivate" } });
    expect(audit).toMatchObject({ actorId: admin.id, before: { active: true }, after: { active: false } });
  });

  it("ends sessions on a role change but not on a rename", async () => {
    const admin = await makeUser("admin");
    const labeler = await makeUser();
    await updateUser(admin, labeler.id, { name: "Renamed" });
    expect((await db.user.findUniqueOrThrow({ where: { id: labeler.id } })).sessionVersion).toBe(0);
    await updateUser(admin, labeler.id, { role: "admin" });
    const row = await db.user.findUniqueOrThrow({ where: { id: labeler.id } });
    expect(row).toMatchObject({ role: "admin", sessionVersion: 1 });
  });

  it("does not let an admin deactivate or demote themselves", async () => {
    const admin = await makeUser("admin");
    await expect(updateUser(admin, admin.id, { active: false })).rejects.toMatchObject({ code: "forbidden" });
    await expect(updateUser(admin, admin.id, { role: "labeler" })).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("API tokens", () => {
  it("keeps only a hash and authenticates the active owner", async () => {
    const user = await makeUser();
    const { token, id } = await createApiToken(user.email, null);
    const row = await db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await userForToken(token)).toMatchObject({ id: user.id, role: "labeler" });
    expect(await userForToken(`${token}x`)).toBeNull();
    expect(await userForToken("not-a-token")).toBeNull();
  });

  it("stops working when the token is revoked or the owner deactivated", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    const first = await createApiToken(user.email, null);
    await db.apiToken.update({ where: { id: first.id }, data: { revokedAt: new Date() } });
    expect(await userForToken(first.token)).toBeNull();
    const second = await createApiToken(user.email, null);
    expect(await userForToken(second.token)).not.toBeNull();
    await updateUser(admin, user.id, { active: false });
    expect(await userForToken(second.token)).toBeNull();
  });
});

describe("resetPassword and createUsersInBulk", () => {
  it("sets a new password, ends sessions and audits without the password", async () => {
    const admin = await makeUser("admin");
    const user = await makeUser();
    await resetPassword(admin.id, { id: user.id }, "a-brand-new-password");
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, "a-brand-new-password")).toBe(true);
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(false);
    expect(row.sessionVersion).toBe(1);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "user.reset_password" } });
    expect(JSON.stringify({ before: audit.before, after: audit.after })).not.toContain("a-brand-new-password");
    await expect(resetPassword(admin.id, { id: user.id }, "short")).rejects.toThrow(
      "password must be at least 10 characters",
    );
  });

  it("creates accounts line by line with their own passwords and reports the bad lines", async () => {
    const admin = await makeUser("admin");
    const a = `bulk-${uniqueSuffix()}@test.example`;
    const b = `bulk-${uniqueSuffix()}@test.example`;
    const result = await createUsersInBulk(
      `${a}, Ana Silva\n\nnot-an-email\n${b}\n${a.toUpperCase()}`,
      "labeler",
      admin.id,
    );
    expect(result.created.map((c) => [c.email, c.name])).toEqual([
      [a, "Ana Silva"],
      [b, b.split("@")[0]],
    ]);
    expect(result.created[0]!.password).toHaveLength(16);
    expect(result.created[0]!.password).not.toBe(result.created[1]!.password);
    expect(result.refused).toEqual([
      { line: 3, text: "not-an-email", reason: "not a valid email address" },
      { line: 5, text: a.toUpperCase(), reason: `a user with email ${a} already exists` },
    ]);
    const row = await db.user.findUniqueOrThrow({ where: { email: a } });
    expect(await verifyPassword(row.passwordHash, result.created[0]!.password)).toBe(true);
  });
});
