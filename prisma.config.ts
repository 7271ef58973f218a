import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's schema engine is a native binary downloaded at install time. Where that
// download cannot happen (offline machines), `prisma generate` still works when the
// variable names any existing file; migrations are then applied by `npm run db:migrate`.
// Set only when the real binary is absent, so machines that have it keep using it.
const engineDir = path.join(__dirname, "node_modules", "@prisma", "engines");
const hasEngine = existsSync(engineDir) && readdirSync(engineDir).some((f) => f.startsWith("schema-engine"));
if (!hasEngine && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(__dirname, "package.json");
}

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/rlhf_studio" },
});
