// Runs the CLI as a user would (`npm run -s cli -- ...`, through tsx) against the tests'
// database, with `input` on stdin. Used by the CLI integration tests and the browser journeys
// that set up data the way an operator would.
import { spawnSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "..", "..");

export function runCli(args: string[], input = ""): { code: number | null; stdout: string; stderr: string } {
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

/** runCli for a command that must succeed: its JSON result. */
export function cliResult(args: string[], input = ""): Record<string, unknown> {
  const { code, stdout, stderr } = runCli(args, input);
  if (code !== 0) throw new Error(`cli ${args.join(" ")} exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as Record<string, unknown>;
}
