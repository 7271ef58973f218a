// The CLI as users run it: a child process, JSON on stdout, errors on stderr, exit codes.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { z } from "zod";
import { db } from "@/lib/server/db/client";
import { hashToken } from "@/lib/server/auth/api-tokens";
import { importQuerySchema } from "@/lib/validation/imports";
import { createProjectSchema } from "@/lib/validation/projects";
import { createUserSchema } from "@/lib/validation/users";
import { uniqueSuffix } from "../support/factories";
import { runCli } from "../support/run-cli";
import { fixturesDir, sharedData } from "../support/shared-data";

// Every test starts the CLI (tsx) as its own process: seconds apiece on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

afterAll(() => db.$disconnect());

const cli = runCli;

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
    [
      ["user", "create", "--email", "x@test.example", "--email", "y@test.example", "--role", "labeler"],
      "a-long-password",
      2,
      /--email is given twice/,
    ],
    [["project", "create", "--slug", "ok-slug", "--kind"], "", 2, /--kind needs a value/],
  ])("refuses %j with a message on stderr and a non-zero exit", (args, input, code, message) => {
    const result = cli(args as string[], input as string);
    expect(result.code).toBe(code);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(message as RegExp);
  });

  it("refuses what the API refuses, with the API's message (the same zod schemas)", () => {
    const apiMessage = (schema: z.ZodType, input: unknown) => schema.safeParse(input).error!.issues[0]!.message;
    const role = cli(["user", "create", "--email", "x@test.example", "--role", "owner"], "a-long-password");
    expect(role).toMatchObject({ code: 1, stdout: "" });
    expect(role.stderr).toContain(
      `--role: ${apiMessage(createUserSchema, { email: "x@test.example", role: "owner", password: "a-long-password" })}`,
    );
    const kind = cli(["project", "create", "--slug", "ok-slug", "--kind", "poll"]);
    expect(kind).toMatchObject({ code: 1, stdout: "" });
    expect(kind.stderr).toContain(`--kind: ${apiMessage(createProjectSchema, { slug: "ok-slug", kind: "poll" })}`);
    const format = cli(["import", "--project", "ok-slug", "--file", "README.md", "--format", "csv"]);
    expect(format).toMatchObject({ code: 2, stdout: "" });
    expect(format.stderr).toContain(`--format: ${apiMessage(importQuerySchema, { format: "csv" })}`);
  });

  it("prints one command's usage for --help, and exits 0", () => {
    const help = cli(["user", "create", "--help"]);
    expect(help).toMatchObject({ code: 0, stderr: "" });
    expect(help.stdout).toMatch(/^usage: npm run -s cli -- user create --email E --role admin\|labeler \[--name N\]\n/);
    expect(help.stdout).toContain("--role ROLE");
  });

  it("refuses a duplicate user", () => {
    const email = `dup-${uniqueSuffix()}@test.example`;
    expect(cli(["user", "create", "--email", email, "--role", "admin"], "a-long-password").code).toBe(0);
    const again = cli(["user", "create", "--email", email, "--role", "admin"], "a-long-password");
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });
});

// The public release beside the project (../shared/data); a plain clone has none and skips these.
const selfInstruct = sharedData("self-instruct");

describe.skipIf(!selfInstruct.present)(`cli import of the real Self-Instruct files in ${selfInstruct.dir}`, () => {
  const data = selfInstruct.dir;

  it("imports the real Self-Instruct seed tasks once, then finds them all duplicates", () => {
    const slug = `si-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "demonstration"]).code).toBe(0);
    const first = cli(["import", "--project", slug, "--file", path.join(data, "seed_tasks.jsonl")]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      imported: 175,
      duplicates: 0,
      errors: [],
      errorCount: 0,
      format: "self-instruct",
      lines: 175,
    });
    const again = cli(["import", "--project", slug, "--file", path.join(data, "seed_tasks.jsonl")]);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, duplicates: 175 });
  });

  it("joins instructions with two models' predictions as pairwise items", () => {
    const slug = `si-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "comparison"]).code).toBe(0);
    const result = cli([
      "import",
      "--project",
      slug,
      "--file",
      path.join(data, "user_oriented_instructions.jsonl"),
      "--predictions",
      path.join(data, "predictions"),
      "--models",
      "davinci,text-davinci-003",
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ imported: 252, errorCount: 0 });
  });
});

if (!selfInstruct.present) {
  describe("cli import of the real Self-Instruct files", () => {
    it.skip(selfInstruct.skipNote, () => {});
  });
}

describe("cli import", () => {
  // Our own files in the public formats (tests/fixtures): the same paths, in any clone.
  const fixtures = path.join(fixturesDir, "self-instruct");

  it("imports the Self-Instruct seed tasks once, then finds them all duplicates", () => {
    const slug = `si-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "demonstration"]).code).toBe(0);
    const file = path.join(fixtures, "seed_tasks.jsonl");
    const first = cli(["import", "--project", slug, "--file", file]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({
      imported: 3,
      duplicates: 0,
      errors: [],
      errorCount: 0,
      format: "self-instruct",
      lines: 3,
    });
    expect(JSON.parse(cli(["import", "--project", slug, "--file", file]).stdout)).toMatchObject({
      imported: 0,
      duplicates: 3,
    });
  });

  it("joins instructions with the models' predictions as ranking items, or two models' as pairs", async () => {
    const ranking = `si-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", ranking, "--kind", "ranking"]).code).toBe(0);
    const args = ["--file", path.join(fixtures, "user_oriented_instructions.jsonl")];
    const all = cli(["import", "--project", ranking, ...args, "--predictions", path.join(fixtures, "predictions")]);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toMatchObject({ imported: 3, errorCount: 0, format: "self-instruct" });
    const counts = await db.item.findMany({
      where: { project: { slug: ranking } },
      select: { _count: { select: { completions: true } } },
      orderBy: { seq: "asc" },
    });
    // model-b answered nothing on the third line.
    expect(counts.map((c) => c._count.completions)).toEqual([3, 3, 2]);

    const pairs = `si-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", pairs, "--kind", "comparison"]).code).toBe(0);
    const two = cli([
      ...["import", "--project", pairs, ...args, "--predictions", path.join(fixtures, "predictions")],
      ...["--models", "model-a,model-c"],
    ]);
    expect(JSON.parse(two.stdout)).toMatchObject({ imported: 3, errorCount: 0 });
  });

  it("imports HH lines whose final turn is empty, keeping the empty replies", async () => {
    const slug = `hh-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "comparison"]).code).toBe(0);
    const result = cli(["import", "--project", slug, "--file", path.join(fixturesDir, "hh.jsonl")]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toMatchObject({ imported: 6, errorCount: 0, format: "hh" });
    const empty = await db.completion.findMany({ where: { item: { project: { slug } }, text: "" } });
    expect(empty.map((c) => c.model).sort()).toEqual(["hh-chosen", "hh-chosen", "hh-rejected"]);
  });

  it("refuses a line nested too deep as one bad line, and skips it with --skip-invalid", async () => {
    const slug = `deep-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "demonstration"]).code).toBe(0);
    const file = path.join(os.tmpdir(), `deep-${uniqueSuffix()}.jsonl`);
    const deep = `{"prompt": "deep", "metadata": {"a": ${"[".repeat(5000)}${"]".repeat(5000)}}}`;
    writeFileSync(file, `{"prompt": "fine"}\n${deep}\n{"prompt": "also fine"}\n`);
    const refused = cli(["import", "--project", slug, "--file", file]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      imported: 0,
      errors: [{ line: 2, reason: "nested deeper than 64 levels (arrays and objects)" }],
    });
    const skipped = cli(["import", "--project", slug, "--file", file, "--skip-invalid"]);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ imported: 2, errorCount: 1, errors: [{ line: 2 }] });
    expect(await db.item.count({ where: { project: { slug } } })).toBe(2);
  });

  it("refuses a file with a bad line: JSON report on stdout, message on stderr, exit 1, nothing written", async () => {
    const slug = `imp-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "demonstration"]).code).toBe(0);
    const file = path.join(os.tmpdir(), `bad-${uniqueSuffix()}.jsonl`);
    writeFileSync(file, '{"prompt": "fine"}\n{"prompt": ""}\n');
    const result = cli(["import", "--project", slug, "--file", file, "--format", "prompts"]);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ imported: 0, errors: [{ line: 2, reason: "prompt: is empty" }] });
    expect(result.stderr).toMatch(/1 line\(s\) refused, so nothing was imported/);
    expect(await db.item.count({ where: { project: { slug } } })).toBe(0);
    const skipped = cli(["import", "--project", slug, "--file", file, "--skip-invalid"]);
    expect(skipped.code).toBe(0);
    expect(JSON.parse(skipped.stdout)).toMatchObject({ imported: 1, errorCount: 1 });
    expect(cli(["import", "--project", slug, "--file", file, "--format", "csv"]).code).toBe(2);
    expect(cli(["import", "--project", slug, "--file", "/no/such/file"]).stderr).toMatch(
      /cannot read \/no\/such\/file/,
    );
  });
});

describe("cli agreement --file", () => {
  it("computes Krippendorff's alpha from a JSONL file, missing values included", () => {
    const file = path.join(os.tmpdir(), `alpha-${uniqueSuffix()}.jsonl`);
    const rows = {
      A: [1, 2, 3, 3, 2, 1, 4, 1, 2, null, null, null],
      B: [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, null, 3],
      C: [null, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, null],
      D: [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, null],
    };
    const lines = Object.entries(rows).flatMap(([coder, values]) =>
      values.map((value, i) => JSON.stringify({ unit: `u${i + 1}`, coder, value })),
    );
    writeFileSync(file, `${lines.join("\n")}\n`);
    const result = cli(["agreement", "--file", file, "--level", "interval"]);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { alpha: number; pairableValues: number };
    expect(parsed.alpha).toBeCloseTo(0.849, 3);
    expect(parsed.pairableValues).toBe(40);
    expect(cli(["agreement", "--file", file, "--level", "fuzzy"]).code).toBe(2);
    const slug = `agr-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "ranking"]).code).toBe(0);
    expect(JSON.parse(cli(["agreement", "--project", slug]).stdout)).toMatchObject({
      project: slug,
      annotations: 0,
      pairwise: null,
    });
    expect(cli(["agreement", "--project", slug, "--file", file]).code).toBe(2);
    writeFileSync(file, '{"unit": "u1", "coder": "a", "value": 1}\nnot json\n');
    const bad = cli(["agreement", "--file", file, "--level", "nominal"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("line 2: malformed JSON");
  });
});

describe("cli agreement --refresh", () => {
  it("repairs a project's stale stats on request, then reports; needs --project", async () => {
    const slug = `agr-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "ranking"]).code).toBe(0);
    expect(JSON.parse(cli(["agreement", "--project", slug, "--refresh"]).stdout)).toMatchObject({
      refreshed: 0,
      project: slug,
      staleItems: 0,
    });
    const bad = cli(["agreement", "--file", "x.jsonl", "--level", "nominal", "--refresh"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--refresh needs --project");
  });
});

describe("cli export", () => {
  it("writes the file and its manifest, and refuses unknown formats and projects", async () => {
    const slug = `exp-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "demonstration"]).code).toBe(0);
    const out = path.join(os.tmpdir(), `export-${uniqueSuffix()}.jsonl`);
    const result = cli(["export", "--project", slug, "--format", "sft", "--out", out]);
    expect(result.code).toBe(0);
    const manifest = JSON.parse(result.stdout) as { rows: number; sha256: string; manifestFile: string };
    expect(manifest).toMatchObject({ rows: 0, format: "sft", file: out });
    expect(manifest.sha256).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"); // sha256 of nothing
    expect(JSON.parse(readFileSync(manifest.manifestFile, "utf8"))).toMatchObject({ rows: 0, project: slug });
    expect(cli(["export", "--project", slug, "--format", "csv", "--out", out]).code).toBe(2);
    const missing = cli(["export", "--project", "no-such-project", "--format", "raw", "--out", `${out}.x`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no project with slug/);
    expect(existsSync(`${out}.x`)).toBe(false);
    expect(existsSync(`${out}.x.partial`)).toBe(false);
  });

  it("writes one file per split part and records the parts and filters in the manifest", async () => {
    const slug = `exp-${uniqueSuffix()}`;
    expect(cli(["project", "create", "--slug", slug, "--kind", "demonstration"]).code).toBe(0);
    const out = path.join(os.tmpdir(), `split-${uniqueSuffix()}.jsonl`);
    const result = cli([
      "export",
      ...["--project", slug, "--format", "sft", "--out", out, "--split", "train=0.9,test=0.1"],
      ...["--min-annotations", "2", "--exclude-flagged", "--from", "2026-01-01"],
    ]);
    expect(result.stderr).toBe("");
    const manifest = JSON.parse(result.stdout) as { files: Record<string, string>; split: Record<string, unknown> };
    expect(manifest.files).toEqual({
      train: out.replace(/\.jsonl$/, ".train.jsonl"),
      test: out.replace(/\.jsonl$/, ".test.jsonl"),
    });
    expect(existsSync(manifest.files.train!) && existsSync(manifest.files.test!)).toBe(true);
    expect(manifest).toMatchObject({
      filters: { minAnnotations: 2, excludeFlagged: true, from: "2026-01-01", split: { train: 0.9, test: 0.1 } },
      split: { train: { share: 0.9, rows: 0 }, test: { share: 0.1, rows: 0 } },
    });
    const bad = cli(["export", "--project", slug, "--format", "sft", "--out", out, "--split", "train=0.9,test=0.2"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--split: split shares must add up to 1/);
    // A long bad split is refused at once (the parser is linear; the spec is bounded).
    const long = cli([
      "export",
      "--project",
      slug,
      "--format",
      "sft",
      "--out",
      out,
      "--split",
      `a=${"0".repeat(100_000)}x`,
    ]);
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/--split: split is longer than 1,000 characters/);
  });
});
