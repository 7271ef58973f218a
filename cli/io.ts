// What commands read from the terminal and write beside their JSON result.

/** A password from stdin (piped, or typed then Ctrl-D); one trailing newline is not part of it. */
export function readPassword(): Promise<string> {
  return readSecret("password");
}

/** A secret from stdin (never from an argument, which `ps` and shell history would show). */
export async function readSecret(what: string): Promise<string> {
  if (process.stdin.isTTY) {
    process.stderr.write(`${what} (then Enter, Ctrl-D): `);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

/** Progress goes to stderr, and only to a terminal: a pipe or a test sees the JSON alone. */
export const showsProgress = () => Boolean(process.stderr.isTTY);

/**
 * The command ran but refused its input: exit 1 (or `exitCode`), with its JSON result still
 * printed on stdout.
 */
export class RefusedError extends Error {
  override name = "RefusedError";
  constructor(
    message: string,
    readonly result: unknown,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}
