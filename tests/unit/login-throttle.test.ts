import { describe, expect, it } from "vitest";
import { decideLogin, normalizeEmail } from "@/lib/domain/login-throttle";

const limits = { maxFailuresPerAccount: 5, maxFailuresPerIp: 30, windowMinutes: 15 };
const now = new Date("2026-01-01T12:00:00Z");

describe("decideLogin", () => {
  it("allows attempts under both limits", () => {
    expect(decideLogin({ accountFailures: 4, ipFailures: 29, oldestCountedFailure: now }, limits, now)).toEqual({
      allowed: true,
    });
  });

  it("blocks at the account limit until the oldest failure leaves the window", () => {
    const oldest = new Date(now.getTime() - 5 * 60_000);
    const decision = decideLogin({ accountFailures: 5, ipFailures: 5, oldestCountedFailure: oldest }, limits, now);
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 10 * 60 });
  });

  it("blocks at the address limit whatever the account", () => {
    const decision = decideLogin({ accountFailures: 0, ipFailures: 30, oldestCountedFailure: now }, limits, now);
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 15 * 60 });
  });

  it("never asks to wait less than a second", () => {
    const long = new Date(now.getTime() - 60 * 60_000);
    expect(decideLogin({ accountFailures: 9, ipFailures: 0, oldestCountedFailure: long }, limits, now)).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
  });
});

describe("normalizeEmail", () => {
  it("trims and lower-cases", () => {
    expect(normalizeEmail("  Ada@Example.COM ")).toBe("ada@example.com");
  });
});
