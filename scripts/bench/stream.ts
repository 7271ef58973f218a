// npm run bench:stream: what a labeler sees of a streamed reply (issue 14), in Chromium through
// Playwright against the production build served by server.mjs, a throwaway database, and the
// OpenAI stub in this process (streaming, small delays). One conversation project with 2
// replies per turn; the labeler goes through BENCH_STREAM_TURNS turns (20) plus a warm-up.
// Per turn: the time from the stub writing the first content chunk of the turn to the first
// reply text appearing in the page's DOM (a MutationObserver; both clocks are Date.now() on
// this machine), and every long task (PerformanceObserver "longtask") while the replies stream.
// Targets (issue 14): median first-token latency under 50 ms; no long task over 100 ms.
// Settings (env): BENCH_STREAM_TURNS (20), BENCH_STREAM_CHUNK_MS (15), CHROMIUM_PATH.
import { execFileSync, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import { applyMigrations } from "../../lib/server/db/migrate";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-postgres";
import { startOpenAIStub } from "../openai-stub/stub-server";
import { startProductionApp } from "./production-app";
import { machine, percentile, round, writePerformanceSection } from "./report";

const root = path.resolve(__dirname, "..", "..");
const TURNS = Number(process.env.BENCH_STREAM_TURNS ?? 20);
const CHUNK_MS = Number(process.env.BENCH_STREAM_CHUNK_MS ?? 15);
const FIRST_TOKEN_TARGET_MS = 50;
const LONG_TASK_LIMIT_MS = 100;
const tsx = path.join(root, "node_modules", ".bin", "tsx");

/** Installed before the page's scripts: stamps the first reply text of each turn, and long tasks. */
const PAGE_PROBE = `
  window.__bench = { armed: false, firstText: null, longTasks: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      window.__bench.longTasks.push({ at: performance.timeOrigin + e.startTime, ms: e.duration });
  }).observe({ type: "longtask", buffered: true });
  const watch = () => new MutationObserver(() => {
    const b = window.__bench;
    if (!b.armed || b.firstText !== null) return;
    for (const el of document.querySelectorAll('[data-status="streaming"] [data-testid="reply-text"]'))
      if (el.textContent && el.textContent.length > 0) { b.firstText = Date.now(); return; }
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  if (document.documentElement) watch(); else document.addEventListener("DOMContentLoaded", watch);
`;

async function signedInPage(browser: Browser, base: string, email: string, password: string) {
  const context = await browser.newContext({ baseURL: base });
  await context.addInitScript(PAGE_PROBE);
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

const reply = (page: Page, letter: string) => page.getByRole("region", { name: `Reply ${letter}` });

/** One turn: send a message, wait for both replies, choose A. Returns the first-text latency and long tasks. */
async function oneTurn(page: Page, chunks: number[], n: number) {
  chunks.length = 0;
  await page.evaluate(() => {
    const b = (window as unknown as { __bench: { armed: boolean; firstText: number | null; longTasks: unknown[] } })
      .__bench;
    b.firstText = null;
    b.longTasks = [];
    b.armed = true;
  });
  const started = Date.now();
  await page.getByLabel("Your message").fill(`Question ${n}: tell me about rivers, in detail please.`);
  await page.getByLabel("Your message").press("Control+Enter");
  for (const letter of ["A", "B"]) await reply(page, letter).and(page.locator('[data-status="done"]')).waitFor();
  const ended = Date.now();
  const probe = (await page.evaluate(
    () =>
      (window as unknown as { __bench: { firstText: number | null; longTasks: { at: number; ms: number }[] } }).__bench,
  )) as { firstText: number | null; longTasks: { at: number; ms: number }[] };
  const firstChunk = Math.min(...chunks);
  if (probe.firstText === null || !Number.isFinite(firstChunk)) throw new Error(`turn ${n}: no text was seen`);
  await page.keyboard.press("a");
  await page.keyboard.press("1");
  await page.keyboard.press("Control+Enter");
  await page.getByLabel("Your message").waitFor();
  return {
    latency: probe.firstText - firstChunk,
    longTasks: probe.longTasks.filter((t) => t.at >= started && t.at <= ended).map((t) => t.ms),
  };
}

async function main() {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-bench-stream-"));
  const pgPort = await freePort();
  console.log("Starting PostgreSQL…");
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: pgPort,
    persistent: false,
    quiet: true,
  });
  // When the stub writes each content chunk (Date.now()), for the turn being timed.
  const chunks: number[] = [];
  const stub = await startOpenAIStub({
    firstTokenDelayMs: 5,
    chunkDelayMs: CHUNK_MS,
    onChunk: () => chunks.push(Date.now()),
  });
  let app: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    await server.createDatabaseIfMissing("bench");
    const url = server.url("bench");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    const env = { ...process.env, DATABASE_URL: url };
    const fixture = JSON.parse(
      execFileSync(
        tsx,
        [
          "--conditions=react-server",
          "tests/e2e/support/fixture.ts",
          JSON.stringify({
            kind: "conversation",
            items: [
              {
                messages: [
                  { role: "user", content: "Hello" },
                  { role: "assistant", content: "Hello! What would you like to know?" },
                ],
              },
            ],
            conversation: { stubUrl: stub.url, replyCount: 2, minTurns: 1, maxTurns: Math.min(50, TURNS + 2) },
          }),
        ],
        { cwd: root, env, encoding: "utf8" },
      ),
    ) as { slug: string; labelers: { email: string; password: string }[] };

    const started = await startProductionApp(root, env);
    app = started.app;
    const base = started.base;
    browser = await chromium.launch({
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });
    const labeler = fixture.labelers[0]!;
    const page = await signedInPage(browser, base, labeler.email, labeler.password);
    await page.goto(`/projects/${fixture.slug}/label`);
    await page.getByLabel("Your message").waitFor();
    console.log(`${TURNS} turns of 2 streamed replies (chunks every ${CHUNK_MS} ms)…`);
    await oneTurn(page, chunks, 0); // warm-up: the first render of the reply cards
    const loadAverage = os.loadavg()[0]!.toFixed(1);
    const latencies: number[] = [];
    const longTasks: number[] = [];
    for (let n = 1; n <= TURNS; n += 1) {
      const turn = await oneTurn(page, chunks, n);
      latencies.push(turn.latency);
      longTasks.push(...turn.longTasks);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const median = round(percentile(sorted, 50));
    const p95 = round(percentile(sorted, 95));
    const longest = longTasks.length ? round(Math.max(...longTasks)) : 0;
    console.log(JSON.stringify({ latencies, median, p95, longTasks, longest }, null, 2));
    writePerformanceSection(
      root,
      "bench:stream",
      `## Conversations: streaming latency (\`npm run bench:stream\`)

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, Chromium ${browser.version()} (headless, Playwright),
the production build served by \`server.mjs\`, PostgreSQL (embedded) and the OpenAI stub (streaming, first token after
5 ms, a chunk every ${CHUNK_MS} ms), everything on one machine. Command: \`npm run bench:stream\`
(BENCH_STREAM_TURNS=${TURNS}). Load average when the timings began: ${loadAverage}.

One conversation, 2 replies per turn streamed at once, ${TURNS} turns after a warm-up. First token: from the stub
writing the turn's first content chunk to the first reply text in the page's DOM (a MutationObserver), both clocks
\`Date.now()\` on the same machine; it includes the app reading the chunk from the stub and forwarding it as a
server-sent event. Long tasks: every PerformanceObserver "longtask" entry (50 ms or more) between sending the message
and both replies ending.

| measure | value | target (issue 14) |
|---|---|---|
| first token on the page, median | ${median} ms | under ${FIRST_TOKEN_TARGET_MS} ms: **${median < FIRST_TOKEN_TARGET_MS ? "met" : "NOT met"}** |
| first token on the page, p95 | ${p95} ms | |
| long tasks while streaming | ${longTasks.length} | |
| longest task while streaming | ${longest} ms | none over ${LONG_TASK_LIMIT_MS} ms: **${longest <= LONG_TASK_LIMIT_MS ? "met" : "NOT met"}** |

How: a delta is appended to a store outside React state and wakes only its own reply's text, which is plain text
while it streams (Markdown once the reply ends); the thread of finished turns is memoized and does not re-render.`,
    );
    console.log("Wrote docs/PERFORMANCE.md");
    if (median >= FIRST_TOKEN_TARGET_MS || longest > LONG_TASK_LIMIT_MS) process.exitCode = 1;
  } finally {
    await browser?.close();
    app?.kill("SIGTERM");
    await stub.close();
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
