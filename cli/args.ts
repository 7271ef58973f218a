// The one argument parser of the CLI: `--name value`, `--name=value` and boolean `--flag`,
// checked against the command's option table. Values stay text; each command validates them
// with the zod schemas the API uses.

/** The command line cannot be understood: exit 2, with the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

export type OptionSpec =
  | {
      type: "string";
      /** Placeholder in the usage: `--email E`. */
      value: string;
      required?: boolean;
      /** Shown instead of the placeholder (`--role admin|labeler`); taken from the validating schema's list. */
      choices?: readonly string[];
      help: string;
    }
  | { type: "boolean"; help: string };

export type OptionSpecs = Record<string, OptionSpec>;

type ValueOf<S extends OptionSpec> = S extends { type: "boolean" }
  ? boolean
  : S extends { required: true }
    ? string
    : string | undefined;

/** Keyed by the flag's own name (`"expires-in-days"`). */
export type OptionValues<S extends OptionSpecs> = { [K in keyof S]: ValueOf<S[K]> };

export const HELP = Symbol("help");

/**
 * Refuses what a command does not take (unknown option, an option given twice, a value
 * missing or given to a flag, a bare argument) and a required option missing or empty.
 * Returns HELP when `--help` or `-h` is among the arguments.
 */
export function parseOptions<S extends OptionSpecs>(args: readonly string[], specs: S): OptionValues<S> | typeof HELP {
  if (args.some((arg) => arg === "--help" || arg === "-h")) return HELP;
  const given = new Map<string, string | true>();
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (!arg.startsWith("--") || arg === "--") {
      if (arg.startsWith("-") && arg !== "-" && arg !== "--") throw unknownOption(arg, specs);
      throw new UsageError(`unexpected argument ${JSON.stringify(arg)} (values follow their option: --name value)`);
    }
    const equals = arg.indexOf("=");
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    const inline = equals === -1 ? undefined : arg.slice(equals + 1);
    const spec = Object.hasOwn(specs, name) ? specs[name]! : undefined;
    if (!spec) throw unknownOption(`--${name}`, specs);
    if (given.has(name)) throw new UsageError(`--${name} is given twice`);
    if (spec.type === "boolean") {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      given.set(name, true);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = args[i + 1];
      // A value never starts with "--": `--email --role admin` lost the email, it did not give "--role".
      if (next === undefined || next.startsWith("--"))
        throw new UsageError(`--${name} needs a value (--${name} ${spec.value})`);
      value = next;
      i += 1;
    }
    given.set(name, value);
  }
  const values: Record<string, string | boolean | undefined> = {};
  for (const [name, spec] of Object.entries(specs)) {
    const value = given.get(name);
    if (spec.type === "boolean") values[name] = value === true;
    else if (spec.required && !value) throw new UsageError(`missing --${name}`);
    else values[name] = value as string | undefined;
  }
  // Built above from the same table: booleans for flags, required strings present and non-empty.
  return values as OptionValues<S>;
}

function unknownOption(arg: string, specs: OptionSpecs) {
  const known = Object.keys(specs).map((name) => `--${name}`);
  return new UsageError(
    `Unknown option ${arg} (${known.length ? `this command takes ${known.join(", ")}` : "this command takes none"})`,
  );
}

/** The usage's picture of one option: `--email E`, `[--name N]`, `--role admin|labeler`, `[--skip-invalid]`. */
export function optionSynopsis(name: string, spec: OptionSpec, required = spec.type === "string" && spec.required) {
  // Choices too many for one usage line stand as the value's name (the option's help lists them).
  const choices = spec.type === "string" ? spec.choices?.join("|") : undefined;
  const value = spec.type === "string" ? (choices !== undefined && choices.length <= 80 ? choices : spec.value) : "";
  const text = spec.type === "boolean" ? `--${name}` : `--${name} ${value}`;
  return required ? text : `[${text}]`;
}
