// Run by `npm run demo` (scripts/demo.ts) after the seed: registers the demo's model endpoints
// (the stand-in's, or OPENAI_BASE_URL's with OPENAI_MODEL), seeds a ranking project of prompts
// without completions and generates them. Args: the stand-in's base URL, or nothing when
// OPENAI_BASE_URL and OPENAI_API_KEY are set. Prints {"models": {...}}.
import { db } from "@/lib/server/db/client";
import { seedModelDemo } from "../prisma/seed/model-demo";

const standIn = process.argv[2];
const endpoints = standIn
  ? ({ kind: "stand-in", baseUrl: standIn } as const)
  : ({
      kind: "external",
      baseUrl: process.env.OPENAI_BASE_URL!,
      model: process.env.OPENAI_MODEL ?? "gpt-4o-mini",
    } as const);

seedModelDemo(endpoints)
  .then((summary) => {
    process.stdout.write(
      `${JSON.stringify({ models: { ...summary, job: { id: summary.job.id, status: summary.job.status, completions: summary.job.completions, error: summary.job.error } } })}\n`,
    );
    if (summary.job.status === "failed") process.exitCode = 1;
  })
  .catch((error: Error) => {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
