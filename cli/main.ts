// RLHF Studio command line: `npm run -s cli -- <command> [options]`.
// Every command prints one JSON result on stdout; errors go to stderr with exit code 1 (input
// refused, or no such record) or 2 (usage error). The commands are in cli/command-table.ts.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { ZodError } from "zod";
import { HELP, UsageError } from "@/cli/args";
import { describeIssues, type Command } from "@/cli/command";
import { COMMANDS, findCommand } from "@/cli/command-table";
import { RefusedError } from "@/cli/io";
import { commandUsage, usage } from "@/cli/usage";

function resolveDatabaseUrl() {
  if (process.env.DATABASE_URL) return;
  const demoUrlFile = path.join(process.cwd(), ".data", "database-url");
  if (existsSync(demoUrlFile)) process.env.DATABASE_URL = readFileSync(demoUrlFile, "utf8").trim();
}

function describeError(error: unknown): string {
  // A record's fields refused by the API's schema (here or in lib/server): `--email: ...`.
  if (error instanceof ZodError) return describeIssues(error.issues);
  // Messages written for the user: a usage error, a refused import, an AppError from lib/server.
  if (error instanceof UsageError || error instanceof RefusedError) return error.message;
  if (error instanceof Error && error.name === "AppError") return error.message;
  if (error instanceof Error && /ECONNREFUSED|connect|Can't reach database/i.test(error.message)) {
    return `cannot reach the database (${process.env.DATABASE_URL ? "check DATABASE_URL" : "DATABASE_URL is not set and no demo is running"})`;
  }
  return error instanceof Error ? error.message : String(error);
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    process.stdout.write(`${usage(COMMANDS)}\n`);
    return;
  }
  resolveDatabaseUrl();
  let command: Command | null = null;
  let code = 0;
  try {
    const found = findCommand(argv);
    command = found.command;
    const result = await command.execute(found.args);
    process.stdout.write(result === HELP ? `${commandUsage(command)}\n` : `${JSON.stringify(result)}\n`);
  } catch (error) {
    code = error instanceof UsageError ? 2 : error instanceof RefusedError ? error.exitCode : 1;
    // A refused import still reports what it found.
    if (error instanceof RefusedError) process.stdout.write(`${JSON.stringify(error.result)}\n`);
    process.stderr.write(`error: ${describeError(error)}\n`);
    if (error instanceof UsageError) process.stderr.write(`\n${command ? commandUsage(command) : usage(COMMANDS)}\n`);
    if (code === 1 && process.env.DEBUG) console.error(error);
  } finally {
    if (process.env.DATABASE_URL) {
      const { db } = await import("@/lib/server/db/client").catch(() => ({ db: null }));
      await db?.$disconnect().catch(() => {});
    }
    process.exitCode = code;
  }
}

void main();
