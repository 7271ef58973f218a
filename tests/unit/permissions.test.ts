import { describe, expect, it } from "vitest";
import { canAdminister, canChangeAccount, canRevokeToken } from "@/lib/domain/permissions";

const admin = { id: "a", role: "admin" as const };
const labeler = { id: "l", role: "labeler" as const };

describe("permissions", () => {
  it("lets only admins administer", () => {
    expect(canAdminister(admin)).toBe(true);
    expect(canAdminister(labeler)).toBe(false);
    expect(canAdminister(null)).toBe(false);
  });

  it("stops an admin from locking themselves out", () => {
    expect(canChangeAccount(admin, "other", "deactivate")).toBe(true);
    expect(canChangeAccount(admin, "other", "role")).toBe(true);
    expect(canChangeAccount(admin, "a", "deactivate")).toBe(false);
    expect(canChangeAccount(admin, "a", "role")).toBe(false);
    expect(canChangeAccount(labeler, "other", "deactivate")).toBe(false);
  });

  it("lets admins revoke any token and others only their own", () => {
    expect(canRevokeToken(admin, "someone")).toBe(true);
    expect(canRevokeToken(labeler, "l")).toBe(true);
    expect(canRevokeToken(labeler, "someone")).toBe(false);
  });
});
