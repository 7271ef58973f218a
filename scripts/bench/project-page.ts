// The admin's project page's data loaders (lib/server/projects/project-page-data.ts) timed on
// a seeded project: one warm-up, then RUNS timed runs; prints JSON on stdout. Run by
// scripts/bench/export.ts in a Node process with the react-server condition (server-only
// modules), like the CLI: `node --conditions=react-server --import tsx scripts/bench/project-page.ts SLUG`.
import { projectAgreement } from "@/lib/server/agreement/project-agreement";
import { staleAgreementItems } from "@/lib/server/agreement/item-stats";
import { db, pool } from "@/lib/server/db/client";
import { projectActivity } from "@/lib/server/projects/project-activity";
import { projectDetail } from "@/lib/server/projects/project-detail";
import { projectPageData } from "@/lib/server/projects/project-page-data";

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 5);

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function median(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) times.push(await time(run));
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

async function main() {
  const slug = process.argv[2]!;
  const data = await projectPageData(slug); // warm-up: connections, plans, caches
  if (!data) throw new Error(`no project ${slug}`);
  const id = data.project.id;
  const result = {
    pageMs: await median(() => projectPageData(slug)),
    parts: {
      detailMs: await median(() => projectDetail(slug)),
      activityMs: await median(() => projectActivity(id)),
      agreementMs: await median(() => projectAgreement(slug)),
      staleCountMs: await median(() => staleAgreementItems(id)),
    },
    staleItems: data.agreement?.staleItems ?? 0,
    runs: RUNS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await db.$disconnect();
  await pool().end();
}

void main();
