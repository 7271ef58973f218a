// What a CLI command is (name, options, what it does), and how its options are validated.
import type { z } from "zod";
import { HELP, optionSynopsis, parseOptions, UsageError, type OptionSpecs, type OptionValues } from "@/cli/args";

/** A command as its file writes it: `run` gets the values of exactly these options. */
export interface CommandSpec<S extends OptionSpecs> {
  /** The words that call it: "user create", or "import". */
  name: string;
  /** What it does and prints, for the usage. */
  summary: string;
  options: S;
  /** The ways to call it when one line cannot say it (agreement: --project, or --file and --level). */
  forms?: readonly (readonly (keyof S & string)[])[];
  /** The JSON result printed on stdout. */
  run(values: OptionValues<S>): Promise<unknown>;
}

/** A command as the table holds it: it parses its own arguments. */
export interface Command {
  name: string;
  summary: string;
  options: OptionSpecs;
  forms?: readonly (readonly string[])[];
  /** The JSON result, or HELP when asked for the command's usage. */
  execute(args: readonly string[]): Promise<unknown>;
}

/** Keeps the option table's literal types (`required: true`), so `run` sees which values are there. */
export function defineCommand<const S extends OptionSpecs>(spec: CommandSpec<S>): Command {
  const { run, ...description } = spec;
  return {
    ...description,
    async execute(args) {
      const values = parseOptions(args, spec.options);
      return values === HELP ? HELP : run(values);
    },
  };
}

/** Each way to call the command, as a list of parts (`--email E`, `[--name N]`) after its name. */
export function synopses(command: Command): string[][] {
  const entries = Object.entries(command.options);
  if (!command.forms) return [entries.map(([name, spec]) => optionSynopsis(name, spec))];
  return command.forms.map((form) => form.map((name) => optionSynopsis(name, command.options[name]!, true)));
}

/** `minAgreement` -> `--min-agreement`: the flag an issue of a camelCase schema field is about. */
export function flagOf(path: readonly PropertyKey[]): string | null {
  if (path.length === 0) return null;
  return `--${String(path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}${path
    .slice(1)
    .map((p) => `.${String(p)}`)
    .join("")}`;
}

/** One line per issue, `--flag: message` (a message that already names its flag is kept as is). */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .map((issue) => {
      const flag = flagOf(issue.path);
      return flag && !issue.message.startsWith("--") ? `${flag}: ${issue.message}` : issue.message;
    })
    .join("\n");
}

/**
 * Validates options that steer a command (formats, filters, levels, limits): a refusal is a
 * usage error (exit 2). The fields of a record the command writes (email, role, slug, kind ...)
 * are parsed with the record's schema instead, and refused like the API refuses a body (exit 1).
 * `input` is an object of camelCase fields, or with `flag` one option's value.
 */
export function parseCommandOptions<T extends z.ZodType>(schema: T, input: unknown, flag?: string): z.output<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    // A single option's value (`flag` given): its issues are about that flag.
    const issues = parsed.error.issues.map((i) => (flag ? { ...i, path: [flag, ...i.path] } : i));
    throw new UsageError(describeIssues(issues));
  }
  return parsed.data;
}
