// RLHF Studio command line: `npm run -s cli -- <command> [options]`.
// Every command prints one JSON result on stdout; errors go to stderr with a non-zero exit.
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const USAGE = `usage: npm run -s cli -- <command> [options]

  user create --email E --role admin|labeler [--name N]   (password read from stdin)
  user unlock --email E                                   lifts a sign-in lock after failed attempts
  user reset-password --email E                           (new password read from stdin; revokes the
                                                           user's API tokens and ends their sessions)
  token create --email E [--name N] [--expires-in-days N] prints {"token": "..."}: shown once, never stored
  token list --email E                                    the user's tokens, without their secrets
  token revoke --id ID                                    prints {"revoked": true}
  project create --slug S --kind demonstration|comparison|ranking [--name N] [--overlap N] [--guidelines FILE]
  project add-member --slug S --email E
  import --project S --file F [--format auto|prompts|completions|hh|openai-chat|self-instruct] [--skip-invalid]
         [--predictions DIR [--models m1,m2]]   (self-instruct: join user-oriented instructions with model predictions)
  export --project S --format sft|sft-prompt-completion|preference|preference-hh|best-of-n|kto|safety|raw --out F
         [--min-agreement X] [--min-annotations N] [--exclude-flagged] [--min-labeler-agreement X]
         [--from DATE] [--to DATE] [--min-likert N] [--split train=0.9,test=0.1]
         (writes F and F.manifest.json; with --split one file per part: F.train.jsonl, F.test.jsonl)
  agreement --project S [--refresh]   (pairwise agreement with a 95% interval, Krippendorff's alpha on winners and
         Likert, flag rates; --refresh first repairs items whose stored stats miss an answer)
  agreement --file F --level nominal|ordinal|interval|ratio   (F: JSONL of {"unit", "coder", "value"}; Krippendorff's alpha)

Uses DATABASE_URL, or the database of a running \`npm run demo\` when it is unset.`;

class UsageError extends Error {}

function resolveDatabaseUrl() {
  if (process.env.DATABASE_URL) return;
  const demoUrlFile = path.join(process.cwd(), ".data", "database-url");
  if (existsSync(demoUrlFile)) process.env.DATABASE_URL = readFileSync(demoUrlFile, "utf8").trim();
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write("password (then Enter, Ctrl-D): ");
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function options(args: string[], spec: Record<string, { type: "string" | "boolean" }>) {
  try {
    // Boolean flags come back as true; callers read them as truthy.
    return parseArgs({ args, options: spec, strict: true, allowPositionals: false }).values as Record<
      string,
      string | undefined
    >;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function required(values: Record<string, string | undefined>, name: string): string {
  const value = values[name];
  if (!value) throw new UsageError(`missing --${name}`);
  return value;
}

async function run(argv: string[]): Promise<unknown> {
  const [group, verb, ...rest] = argv;
  const command = `${group ?? ""} ${verb ?? ""}`.trim();
  switch (command) {
    case "user create": {
      const o = options(rest, { email: { type: "string" }, role: { type: "string" }, name: { type: "string" } });
      const email = required(o, "email");
      const role = required(o, "role");
      const password = await readStdin();
      const { createUser } = await import("@/lib/server/users/create-user");
      const user = await createUser({ email, role: role as "admin", name: o.name, password }, null);
      return { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
    }
    case "user reset-password": {
      const o = options(rest, { email: { type: "string" } });
      const email = required(o, "email");
      const password = await readStdin();
      const { resetPassword } = await import("@/lib/server/users/reset-password");
      return resetPassword(null, { email }, password);
    }
    case "user unlock": {
      const o = options(rest, { email: { type: "string" } });
      const { unlockAccount } = await import("@/lib/server/auth/unlock-account");
      await unlockAccount(null, required(o, "email"));
      return { unlocked: true };
    }
    case "token create": {
      const o = options(rest, {
        email: { type: "string" },
        name: { type: "string" },
        "expires-in-days": { type: "string" },
      });
      const days = o["expires-in-days"];
      if (days !== undefined && !/^[1-9][0-9]{0,3}$/.test(days)) {
        throw new UsageError("--expires-in-days must be a whole number of days from 1 to 3650");
      }
      const { createApiToken } = await import("@/lib/server/auth/api-tokens");
      const created = await createApiToken(required(o, "email"), null, o.name ?? "cli", {
        expiresInDays: days === undefined ? undefined : Number(days),
      });
      return { token: created.token, id: created.id, expiresAt: created.expiresAt };
    }
    case "token list": {
      const o = options(rest, { email: { type: "string" } });
      const { listApiTokens } = await import("@/lib/server/auth/api-tokens");
      return { tokens: await listApiTokens({ email: required(o, "email") }) };
    }
    case "token revoke": {
      const o = options(rest, { id: { type: "string" } });
      const { revokeApiToken } = await import("@/lib/server/auth/api-tokens");
      return revokeApiToken(null, required(o, "id"));
    }
    case "project create": {
      const o = options(rest, {
        slug: { type: "string" },
        kind: { type: "string" },
        name: { type: "string" },
        overlap: { type: "string" },
        guidelines: { type: "string" },
      });
      let guidelines: string | undefined;
      if (o.guidelines) {
        try {
          guidelines = readFileSync(o.guidelines, "utf8");
        } catch (error) {
          throw new UsageError(
            `cannot read --guidelines ${o.guidelines}: ${(error as NodeJS.ErrnoException).code ?? error}`,
          );
        }
      }
      const { createProject } = await import("@/lib/server/projects/create-project");
      const project = await createProject(
        {
          slug: required(o, "slug"),
          kind: required(o, "kind") as "ranking",
          name: o.name,
          overlap: o.overlap === undefined ? 1 : Number(o.overlap),
          guidelines,
        },
        null,
      );
      return {
        project: {
          id: project.id,
          slug: project.slug,
          kind: project.kind,
          overlap: project.overlap,
          guidelineVersion: project.guidelineVersion,
        },
      };
    }
    case "project add-member": {
      const o = options(rest, { slug: { type: "string" }, email: { type: "string" } });
      const { addProjectMember } = await import("@/lib/server/projects/add-member");
      return addProjectMember(required(o, "slug"), required(o, "email"), null);
    }
    default:
      if (group === "import") return runImport(argv.slice(1));
      if (group === "agreement") return runAgreement(argv.slice(1));
      if (group === "export") return runExport(argv.slice(1));
      throw new UsageError(command ? `unknown command: ${command}` : "no command given");
  }
}

const FORMATS = ["auto", "prompts", "completions", "hh", "openai-chat", "self-instruct"];

async function runImport(args: string[]) {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      strict: true,
      options: {
        project: { type: "string" },
        file: { type: "string" },
        format: { type: "string" },
        "skip-invalid": { type: "boolean" },
        predictions: { type: "string" },
        models: { type: "string" },
        "max-line-bytes": { type: "string" },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const format = (values.format as string | undefined) ?? "auto";
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(", ")}`);
  const project = values.project as string | undefined;
  const file = values.file as string | undefined;
  if (!project) throw new UsageError("missing --project");
  if (!file) throw new UsageError("missing --file");
  const maxLineBytes = values["max-line-bytes"] ? Number(values["max-line-bytes"]) : undefined;
  if (maxLineBytes !== undefined && !(maxLineBytes > 0))
    throw new UsageError("--max-line-bytes must be a positive number");
  const { importFile } = await import("@/lib/server/import/import-file");
  const showProgress = process.stderr.isTTY;
  const summary = await importFile(
    null,
    {
      slug: project,
      file,
      format: format as "auto",
      predictions: values.predictions as string | undefined,
      models: (values.models as string | undefined)
        ?.split(",")
        .map((m) => m.trim())
        .filter(Boolean),
      maxLineBytes,
    },
    {
      skipInvalid: Boolean(values["skip-invalid"]),
      onProgress: showProgress
        ? (p) =>
            process.stderr.write(
              `\r${p.lines.toLocaleString("en")} lines, ${p.imported.toLocaleString("en")} imported, ${p.errors} refused`,
            )
        : undefined,
    },
  );
  if (showProgress) process.stderr.write("\n");
  const result = {
    imported: summary.imported,
    duplicates: summary.duplicates,
    errors: summary.errors,
    errorCount: summary.errorCount,
    format: summary.format,
    lines: summary.lines,
  };
  if (summary.errorCount > 0 && !summary.committed) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    throw new RefusedError(
      `${summary.errorCount} line(s) refused, so nothing was imported (first: line ${summary.errors[0]!.line}: ${summary.errors[0]!.reason}). Fix them, or pass --skip-invalid to import the rest.`,
    );
  }
  return result;
}

async function runExport(args: string[]) {
  const o = options(args, {
    project: { type: "string" },
    format: { type: "string" },
    out: { type: "string" },
    "min-agreement": { type: "string" },
    "min-likert": { type: "string" },
    "min-annotations": { type: "string" },
    "exclude-flagged": { type: "boolean" },
    "min-labeler-agreement": { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    split: { type: "string" },
  });
  const project = required(o, "project");
  const out = required(o, "out");
  const { exportOptionsSchema, exportFiltersOf } = await import("@/lib/validation/exports");
  const parsed = exportOptionsSchema.safeParse({
    format: required(o, "format"),
    minAgreement: o["min-agreement"],
    minLikert: o["min-likert"],
    minAnnotations: o["min-annotations"],
    excludeFlagged: o["exclude-flagged"] || undefined,
    minLabelerAgreement: o["min-labeler-agreement"],
    from: o.from,
    to: o.to,
    split: o.split,
  });
  if (!parsed.success) {
    const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UsageError(
      parsed.error.issues
        .map((i) => `${i.path.length ? `${flagName(String(i.path[0]))}: ` : ""}${i.message}`)
        .join("\n"),
    );
  }
  const { writeExportFiles } = await import("@/lib/server/export/write-export-files");
  try {
    const written = await writeExportFiles({
      slug: project,
      format: parsed.data.format,
      out,
      filters: exportFiltersOf(parsed.data),
    });
    if (process.stderr.isTTY) process.stderr.write(`${written.rows.toLocaleString("en")} rows written\n`);
    return written;
  } catch (error) {
    // A file that cannot be written, or a format the project's kind does not allow: a usage error.
    if ((error as { code?: string }).code === "bad_request") throw new UsageError((error as Error).message);
    throw error;
  }
}

const LEVELS = ["nominal", "ordinal", "interval", "ratio"];

async function runAgreement(args: string[]) {
  const o = options(args, {
    file: { type: "string" },
    level: { type: "string" },
    project: { type: "string" },
    refresh: { type: "boolean" },
  });
  if (o.project) {
    if (o.file) throw new UsageError("give --project or --file, not both");
    if (o.refresh) {
      // The explicit repair of stale stats (a page never runs it), then the report.
      const { refreshProjectAgreementStats } = await import("@/lib/server/agreement/refresh-project-stats");
      const { refreshed } = await refreshProjectAgreementStats(o.project);
      const { projectAgreement } = await import("@/lib/server/agreement/project-agreement");
      return { refreshed, ...(await projectAgreement(o.project)) };
    }
    const { projectAgreement } = await import("@/lib/server/agreement/project-agreement");
    return projectAgreement(o.project);
  }
  if (o.refresh) throw new UsageError("--refresh needs --project");
  const file = required(o, "file");
  const level = required(o, "level");
  if (!LEVELS.includes(level)) throw new UsageError(`--level must be one of ${LEVELS.join(", ")}`);
  const { agreementOfFile } = await import("@/lib/server/agreement/agreement-file");
  return agreementOfFile(file, level as "nominal");
}

/** The command ran but refused its input; its JSON result is already on stdout. */
class RefusedError extends Error {}

function describeError(error: unknown): string {
  if (error instanceof RefusedError) return error.message;
  if (
    error &&
    typeof error === "object" &&
    "issues" in error &&
    Array.isArray((error as { issues: unknown[] }).issues)
  ) {
    return (error as { issues: { path: (string | number)[]; message: string }[] }).issues
      .map((issue) => `${issue.path.length ? `--${issue.path.join(".")}: ` : ""}${issue.message}`)
      .join("\n");
  }
  if (error instanceof Error && error.name === "AppError") return error.message;
  if (error instanceof Error && /ECONNREFUSED|connect|Can't reach database/i.test(error.message)) {
    return `cannot reach the database (${process.env.DATABASE_URL ? "check DATABASE_URL" : "DATABASE_URL is not set and no demo is running"})`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "help") {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  resolveDatabaseUrl();
  let code = 0;
  try {
    const result = await run(argv);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } catch (error) {
    code = error instanceof UsageError ? 2 : 1;
    process.stderr.write(`error: ${describeError(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`\n${USAGE}\n`);
    if (code === 1 && process.env.DEBUG) console.error(error);
  } finally {
    if (process.env.DATABASE_URL) {
      const { db } = await import("@/lib/server/db/client").catch(() => ({ db: null }));
      await db?.$disconnect().catch(() => {});
    }
  }
  process.exitCode = code;
}

void main();
