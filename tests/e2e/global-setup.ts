import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { applyMigrations } from "../../lib/server/db/migrate";

// Migrates the database and creates this run's admin through the CLI, as an operator would.
export default async function globalSetup() {
  const databaseUrl = process.env.TEST_DATABASE_URL!;
  const root = path.resolve(__dirname, "..", "..");
  await applyMigrations(databaseUrl, path.join(root, "prisma", "migrations"));
  const email = `e2e-admin-${randomUUID().slice(0, 8)}@test.example`;
  const password = "e2e-admin-password";
  execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    [
      "--conditions=react-server",
      "cli/main.ts",
      "user",
      "create",
      "--email",
      email,
      "--role",
      "admin",
      "--name",
      "E2E Admin",
    ],
    {
      cwd: root,
      input: password,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ["pipe", "ignore", "inherit"],
    },
  );
  process.env.E2E_ADMIN_EMAIL = email;
  process.env.E2E_ADMIN_PASSWORD = password;
}
