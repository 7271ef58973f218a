// Needs the production build, like the journeys, so it lives beside them.
import { spawn } from "node:child_process";
import { expect, test } from "@playwright/test";

function startServer(env: NodeJS.ProcessEnv) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, ["server.mjs"], { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

test("in production the server refuses to start without a strong AUTH_SECRET", async () => {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: "production",
    PORT: "3199",
    DATABASE_URL: process.env.TEST_DATABASE_URL,
  };
  const missing = await startServer(base);
  expect(missing.code).toBe(1);
  expect(missing.output).toContain("AUTH_SECRET is required in production");

  const weak = await startServer({ ...base, AUTH_SECRET: "too-short" });
  expect(weak.code).toBe(1);
  expect(weak.output).toContain("AUTH_SECRET must be at least 32 characters");
});
