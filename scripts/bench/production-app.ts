// The production build served by server.mjs on a free port, for the browser benchmarks (ui,
// stream): built first when there is no build, no generation worker, a throwaway AUTH_SECRET.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { freePort } from "../lib/embedded-postgres";
import { run, waitForHealthy } from "../lib/run";

export async function startProductionApp(
  root: string,
  env: NodeJS.ProcessEnv,
): Promise<{ app: ChildProcess; base: string }> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
    console.log("Building the app…");
    await run(path.join(root, "node_modules", ".bin", "next"), ["build"], { cwd: root, quiet: true });
  }
  const port = await freePort();
  const base = `http://localhost:${port}`;
  const app = spawn(process.execPath, [path.join(root, "server.mjs")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...env,
      NODE_ENV: "production",
      PORT: String(port),
      AUTH_SECRET: randomBytes(32).toString("hex"),
      NEXTAUTH_URL: base,
      WORKERS: "0",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  if (!(await waitForHealthy(`${base}/api/health`, 60_000))) {
    app.kill();
    throw new Error("the app did not start");
  }
  return { app, base };
}
