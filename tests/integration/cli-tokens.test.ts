// The token and password commands of the CLI as users run them: a child process, JSON on
// stdout, errors on stderr, exit codes.
import { afterAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/server/db/client";
import { runCli } from "../support/run-cli";
import { userForToken } from "@/lib/server/auth/api-tokens";
import { verifyPassword } from "@/lib/server/auth/password";
import { makeUser } from "../support/factories";

// Every test starts the CLI (tsx) as its own process: seconds apiece on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

afterAll(() => db.$disconnect());

const cli = runCli;

const json = (stdout: string) => JSON.parse(stdout) as Record<string, unknown>;

describe("cli token list, token revoke, token create --expires-in-days", () => {
  it("creates an expiring token, lists it, revokes it, and the token stops working", async () => {
    const user = await makeUser();
    const created = cli(["token", "create", "--email", user.email, "--name", "nightly", "--expires-in-days", "7"]);
    expect(created).toMatchObject({ code: 0, stderr: "" });
    const { token, id, expiresAt } = json(created.stdout) as { token: string; id: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(await userForToken(token)).toMatchObject({ id: user.id });

    const listed = cli(["token", "list", "--email", user.email]);
    expect(listed).toMatchObject({ code: 0, stderr: "" });
    expect(json(listed.stdout)).toEqual({
      tokens: [
        {
          id,
          name: "nightly",
          prefix: token.slice(0, 11),
          createdAt: expect.any(String),
          lastUsedAt: expect.any(String),
          expiresAt,
          revokedAt: null,
          scopes: ["label", "admin"],
        },
      ],
    });
    expect(listed.stdout).not.toContain(token);

    const revoked = cli(["token", "revoke", "--id", id]);
    expect(revoked).toMatchObject({ code: 0, stderr: "" });
    expect(json(revoked.stdout)).toEqual({ revoked: true });
    expect(await userForToken(token)).toBeNull();
    const after = json(cli(["token", "list", "--email", user.email]).stdout) as { tokens: { revokedAt: string }[] };
    expect(after.tokens[0]!.revokedAt).toEqual(expect.any(String));
  });

  it.each([
    [["token", "list"], 2, /missing --email/],
    [["token", "list", "--email", "nobody-at-all@test.example"], 1, /no user with email/],
    [["token", "revoke"], 2, /missing --id/],
    [["token", "revoke", "--id", "00000000-0000-4000-8000-000000000000"], 1, /no token with id/],
    [["token", "revoke", "--id", "not-a-uuid"], 1, /no token with id/],
    [["token", "create", "--email", "x@test.example", "--expires-in-days", "0"], 2, /--expires-in-days/],
    [["token", "create", "--email", "x@test.example", "--expires-in-days", "soon"], 2, /--expires-in-days/],
    // The rule of lib/validation/tokens.ts, checked before the command runs: a usage error like the others.
    [
      ["token", "create", "--email", "x@test.example", "--expires-in-days", "4000"],
      2,
      /--expires-in-days must be at most 3650/,
    ],
  ])("refuses %j with a message on stderr and a non-zero exit", (args, code, message) => {
    const result = cli(args as string[]);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message as RegExp);
  });
});

describe("cli user reset-password", () => {
  it("sets the password from stdin, revokes the user's tokens and ends their sessions", async () => {
    const user = await makeUser();
    const { token } = json(cli(["token", "create", "--email", user.email]).stdout) as { token: string };
    await db.session.create({ data: { userId: user.id } });

    const result = cli(["user", "reset-password", "--email", user.email], "a-fresh-long-password\n");

    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(json(result.stdout)).toEqual({
      user: { id: user.id, email: user.email },
      tokensRevoked: 1,
      sessionsEnded: 1,
    });
    const row = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, "a-fresh-long-password")).toBe(true);
    expect(await userForToken(token)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id, endedAt: null } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: user.id, action: "user.reset_password" } });
    expect(audit.actorId).toBeNull();
  });

  it.each([
    [["user", "reset-password", "--email", "nobody-at-all@test.example"], "a-long-password", 1, /no user with email/],
    [["user", "reset-password", "--email", "x@test.example"], "short", 1, /password must be at least 10/],
    [["user", "reset-password"], "a-long-password", 2, /missing --email/],
  ])("refuses %j with a message on stderr and a non-zero exit", (args, input, code, message) => {
    const result = cli(args as string[], input as string);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message as RegExp);
  });
});
