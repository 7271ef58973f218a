import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

/**
 * Integration files that start a generation worker (in-process or `npm run worker`): a worker
 * takes any queued job in the database, so two of these side by side would run each other's
 * jobs (and stop mid-way when the other file ends). They run one at a time, after the rest.
 */
const WITH_WORKERS = [
  "tests/integration/generation.test.ts",
  "tests/integration/generation-cli-api.test.ts",
  "tests/integration/judges.test.ts",
  "tests/integration/judges-cli-api.test.ts",
];

// Projects: `unit` (pure logic, no database) and `integration` (a real PostgreSQL that the
// global setup starts, or TEST_DATABASE_URL), whose files with job workers form
// `integration-workers`. `vitest run` runs them all; `npm run test:unit` and
// `npm run test:integration` run one kind (`--project`).
export default defineConfig({
  resolve: {
    alias: {
      "@": root,
      // The marker package throws outside React Server Components; tests import server modules directly.
      "server-only": path.join(root, "tests", "support", "server-only.ts"),
    },
  },
  test: {
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      // Integration files mostly wait on PostgreSQL and on the CLI processes they start: three
      // files at a time on two cores take about two thirds of the time of one at a time. Each
      // file makes its own uniquely named data, so files never collide.
      {
        extends: true,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], maxWorkers: 3, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: WITH_WORKERS,
          globalSetup: ["tests/support/vitest-global-setup.ts"],
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "integration-workers",
          include: WITH_WORKERS,
          globalSetup: ["tests/support/vitest-global-setup.ts"],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
