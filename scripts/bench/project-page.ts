// The admin's project page's data loaders (lib/server/projects/project-page-data.ts) timed on
// a seeded project: one warm-up, then RUNS timed runs; prints JSON on stdout. Run by
// scripts/bench/export.ts in a Node process with the react-server condition (server-only
// modules), like the CLI: `node --conditions=react-server --import tsx scripts/bench/project-page.ts SLUG`.
import { staleAgreementItems } from "@/lib/server/agreement/item-stats";
import { db, pool } from "@/lib/server/db/client";
import { projectDetail } from "@/lib/server/projects/project-detail";
import { projectPageData } from "@/lib/server/projects/project-page-data";
import { computeProjectSummary, pageFigures, refreshProjectSummary } from "@/lib/server/projects/project-summary";

const RUNS = Number(process.env.BENCH_PAGE_RUNS ?? 5);
/** The live figures take seconds on this data: fewer runs of them. */
const LIVE_RUNS = Number(process.env.BENCH_PAGE_LIVE_RUNS ?? 3);

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

async function median(run: () => Promise<unknown>, runs = RUNS): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) times.push(await time(run));
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]! * 10) / 10;
}

async function main() {
  const slug = process.argv[2]!;
  const detail = await projectDetail(slug);
  if (!detail) throw new Error(`no project ${slug}`);
  const project = detail.project;
  // What the background refresher does for a large project: compute the figures and store them.
  const refreshed = await refreshProjectSummary(project);
  if (!refreshed) throw new Error("another process is computing this project's figures");
  const data = await projectPageData(slug); // warm-up: connections, plans, caches
  if (data?.figures.source !== "stored") throw new Error(`expected stored figures, got ${data?.figures.source}`);
  const pageMs = await median(() => projectPageData(slug));
  const liveMs = await median(() => computeProjectSummary(project), LIVE_RUNS);
  const result = {
    pageMs,
    // The baseline in the same run: the same figures computed on the view, as before.
    liveFiguresMs: liveMs,
    pageOverLive: Math.round((1000 * pageMs) / liveMs) / 1000,
    parts: {
      detailMs: await median(() => projectDetail(slug)),
      storedFiguresMs: await median(() => pageFigures(project)),
      staleCountMs: await median(() => staleAgreementItems(project.id)),
    },
    refreshComputeMs: refreshed.computeMs,
    staleItems: data.figures.summary.agreement?.staleItems ?? 0,
    runs: RUNS,
    liveRuns: LIVE_RUNS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await db.$disconnect();
  await pool().end();
}

void main();
