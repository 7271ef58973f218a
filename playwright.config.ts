import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Browser journeys run against a production build (`next build` first) served by
// server.mjs (`npm start`), on the database of TEST_DATABASE_URL. `npm test` provides both.
const databaseUrl = process.env.TEST_DATABASE_URL;
if (!databaseUrl) {
  throw new Error(
    "TEST_DATABASE_URL is not set: run the browser tests through `npm test`, or point it at a PostgreSQL database",
  );
}
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  throw new Error(
    `Chromium not found at ${executablePath}: install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH`,
  );
}
const port = Number(process.env.E2E_PORT ?? 3107);
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: "tests/e2e",
  // Spec files run two at a time (the tests of one file in order). The authorization matrix
  // checks that whole tables stay unchanged, so it runs alone, after every other spec; the
  // models journey starts from an empty endpoint list (removing every endpoint, and the judges
  // that use them), so it runs alone after that.
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 2),
  projects: [
    { name: "journeys", testIgnore: /(authz-matrix|admin-models)\.spec\.ts$/ },
    { name: "matrix", testMatch: /authz-matrix\.spec\.ts$/, dependencies: ["journeys"] },
    { name: "alone", testMatch: /admin-models\.spec\.ts$/, dependencies: ["matrix"] },
  ],
  retries: 0,
  // Twice what the longest journeys take on CI: a loaded 2-core machine runs them up to 2.5x
  // slower (the quality journey took 31 s on CI and over 60 s here on a slow day).
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  globalSetup: "./tests/e2e/global-setup.ts",
  use: {
    baseURL,
    viewport: { width: 1280, height: 800 },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath,
      // Without the background-networking flags Chromium floods a closed network with requests.
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "node server.mjs",
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: "e2e-only-secret-0123456789abcdef0123456789abcdef",
      NEXTAUTH_URL: baseURL,
      NODE_ENV: "production",
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
      // Projects over 100 slots show stored figures (admin-large-project.spec.ts), which the
      // background refresher computes every 3 s here (60 s by default).
      PROJECT_LIVE_FIGURES_MAX_SLOTS: "100",
      AGREEMENT_REFRESH_SECONDS: "3",
    },
  },
});
