import path from "node:path";
import { defineConfig } from "vitest/config";

const root = path.dirname(new URL(import.meta.url).pathname);

// Two projects: `unit` (pure logic, no database) and `integration` (a real PostgreSQL that
// the global setup starts, or TEST_DATABASE_URL). `vitest run` runs both;
// `npm run test:unit` and `npm run test:integration` run one (`--project`).
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
      { extends: true, test: { name: "unit", include: ["tests/unit/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          globalSetup: ["tests/support/vitest-global-setup.ts"],
        },
      },
    ],
  },
});
