// The CLI as users run it: a child process, JSON on stdout, errors on stderr, exit codes.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/server/db/client";
import { hashToken } from "@/lib/server/auth/api-tokens";
import { uniqueSuffix } from "../support/factories";

afterAll(() => db.$disconnect());

const root = path.resolve(__dirname, "..", "..");

function cli(args: string[], input = "") {
  const result = spawnSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "cli/main.ts", ...args],
    {
      cwd: root,
      input,
      encoding: "utf8",
      env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL },
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("cli", () => {
  it("creates a user with the password from stdin, a token, a project and a membership", async () => {
    const email = `cli-${uniqueSuffix()}@test.example`;
    const slug = `cli-${uniqueSuffix()}`;
    const created = cli(
      ["user", "create", "--email", email, "--role", "labeler", "--name", "Cli User"],
      "a-long-password\n",
    );
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(created.stdout)).toMatchObject({ user: { email, name: "Cli User", role: "labeler" } });

    const token = cli(["token", "create", "--email", email]);
    expect(token.code).toBe(0);
    const { token: secret } = JSON.parse(token.stdout) as { token: string };
    expect(await db.apiToken.findUnique({ where: { tokenHash: hashToken(secret) } })).not.toBeNull();

    const project = cli(["project", "create", "--slug", slug, "--kind", "ranking", "--overlap", "3"]);
    expect(project.code).toBe(0);
    expect(JSON.parse(project.stdout)).toMatchObject({ project: { slug, kind: "ranking", overlap: 3 } });

    const member = cli(["project", "add-member", "--slug", slug, "--email", email]);
    expect(JSON.parse(member.stdout)).toMatchObject({ project: slug, added: true });
    expect(JSON.parse(cli(["project", "add-member", "--slug", slug, "--email", email]).stdout)).toMatchObject({
      added: false,
    });
  });

  it("reads guidelines from a file as version 1", async () => {
    const slug = `cli-${uniqueSuffix()}`;
    const result = cli(["project", "create", "--slug", slug, "--kind", "demonstration", "--guidelines", "README.md"]);
    expect(JSON.parse(result.stdout)).toMatchObject({ project: { guidelineVersion: 1 } });
    const project = await db.project.findUniqueOrThrow({ where: { slug }, include: { guidelines: true } });
    expect(project.guidelines).toHaveLength(1);
    expect(project.guidelines[0]!.body).toContain("RLHF Studio");
  });

  it.each([
    [
      ["user", "create", "--email", "not-an-email", "--role", "labeler"],
      "a-long-password",
      1,
      /email: not a valid email address/,
    ],
    [["user", "create", "--email", "x@test.example", "--role", "labeler"], "short", 1, /password must be at least 10/],
    [["user", "create", "--email", "x@test.example", "--role", "owner"], "a-long-password", 1, /role/],
    [["user", "create", "--role", "labeler"], "a-long-password", 2, /missing --email/],
    [["project", "create", "--slug", "Bad Slug", "--kind", "ranking"], "", 1, /slug/],
    [
      ["project", "create", "--slug", "ok-slug", "--kind", "ranking", "--guidelines", "/no/such/file"],
      "",
      2,
      /cannot read --guidelines/,
    ],
    [
      ["project", "add-member", "--slug", "no-such-project", "--email", "x@test.example"],
      "",
      1,
      /no project with slug/,
    ],
    [["token", "create", "--email", "nobody@test.example"], "", 1, /no user with email/],
    [["frobnicate"], "", 2, /unknown command/],
    [["user", "create", "--email", "x@test.example", "--bogus", "1"], "", 2, /Unknown option/],
  ])("refuses %j with a message on stderr and a non-zero exit", (args, input, code, message) => {
    const result = cli(args as string[], input as string);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message as RegExp);
  });

  it("refuses a duplicate user", () => {
    const email = `dup-${uniqueSuffix()}@test.example`;
    expect(cli(["user", "create", "--email", email, "--role", "admin"], "a-long-password").code).toBe(0);
    const again = cli(["user", "create", "--email", email, "--role", "admin"], "a-long-password");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
});
