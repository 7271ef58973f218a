// npm run db:seed: the demo's users, projects and sample items (idempotent).
import { seedDemo } from "../prisma/seed/seed-demo";
import { db } from "../lib/server/db/client";

seedDemo()
  .then((summary) => process.stdout.write(`${JSON.stringify({ seeded: summary })}\n`))
  .catch((error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
