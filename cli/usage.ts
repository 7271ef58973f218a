// The usage text, drawn from the command table: every command, its options, what it prints.
import { synopses, type Command } from "@/cli/command";

const WIDTH = 100;
const PROGRAM = "npm run -s cli --";

/**
 * Parts joined by spaces into lines of at most WIDTH characters (a longer part gets a line of
 * its own, indented less if it must): the first line starts with `first`, the others with `indent`.
 */
export function wrap(parts: readonly string[], first: string, indent: string): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const part of parts) {
    if (!empty && line.length + 1 + part.length > WIDTH) {
      lines.push(line);
      // A part too long for the indent (a long list of choices) gives up as much of it as it needs.
      line = indent.slice(0, Math.max(0, WIDTH - part.length)) + part;
    } else line = empty ? line + part : `${line} ${part}`;
    empty = false;
  }
  lines.push(line);
  return lines;
}

const words = (text: string) => text.split(" ").filter(Boolean);

function synopsisLines(command: Command, first: string, indent: string): string[] {
  return synopses(command).flatMap((parts) => wrap([command.name, ...parts], first, indent));
}

/** All commands: `npm run -s cli -- --help`. */
export function usage(commands: readonly Command[]): string {
  const sections = commands.map((command) =>
    [...synopsisLines(command, "  ", "        "), ...wrap(words(command.summary), "      ", "      ")].join("\n"),
  );
  const footer =
    "Every command prints one JSON result on stdout. Errors go to stderr with exit code 1 (input refused, or no such record) or 2 (usage error). Uses DATABASE_URL, or the database of a running `npm run demo` when it is unset.";
  return [
    `usage: ${PROGRAM} <command> [options]`,
    `       ${PROGRAM} <command> --help`,
    "",
    sections.join("\n\n"),
    "",
    ...wrap(words(footer), "", ""),
  ].join("\n");
}

/** One command: `npm run -s cli -- user create --help`. */
export function commandUsage(command: Command): string {
  const options = Object.entries(command.options).flatMap(([name, spec]) => {
    const label = spec.type === "boolean" ? `--${name}` : `--${name} ${spec.value}`;
    const choices = spec.type === "string" && spec.choices ? `; one of ${spec.choices.join(", ")}` : "";
    const required = spec.type === "string" && spec.required ? " (required)" : "";
    const lead = `  ${label.padEnd(26)} `;
    const text = words(`${spec.help}${choices}${required}`);
    return lead.length > 29
      ? [lead.trimEnd(), ...wrap(text, " ".repeat(29), " ".repeat(29))]
      : wrap(text, lead, " ".repeat(29));
  });
  return [
    ...synopsisLines(command, `usage: ${PROGRAM} `, " ".repeat(`usage: ${PROGRAM} `.length + 2)),
    "",
    ...wrap(words(command.summary), "", ""),
    "",
    ...options,
  ].join("\n");
}
