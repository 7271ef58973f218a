// npm run bench:ui: what the browser pays, measured in Chromium through Playwright against the
// production build served by server.mjs (as the browser tests run it) on a throwaway database:
// - the JavaScript each page transfers on a cold cache (compressed bytes on the wire, and
//   their decoded size), for the sign-in page, the labeling page and the admin's pages;
// - the time from pressing Submit to the next task painted, over BENCH_UI_TASKS tasks,
//   beside the two API paths measured from the same page in the same run: submit then claim
//   (two round trips, as the client did before) and submit asking for the next task (one).
// Exits non-zero when the labeling page transfers more than the budget (issue 13).
// Settings (env): BENCH_UI_TASKS (40), CHROMIUM_PATH (/usr/bin/chromium).
import { execFileSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import { applyMigrations } from "../../lib/server/db/migrate";
import { freePort, startEmbeddedPostgres } from "../lib/embedded-postgres";
import { LABELING_JS_BUDGET_BYTES, weighScripts, type ScriptWeight } from "../../tests/e2e/support/script-weight";
import { startProductionApp } from "./production-app";
import { machine, percentile, round, writePerformanceSection } from "./report";

const root = path.resolve(__dirname, "..", "..");
const TASKS = Number(process.env.BENCH_UI_TASKS ?? 40);
/** Issue 13: the next task painted within this long after Submit (p95). */
const NEXT_TASK_P95_TARGET_MS = 100;
const ADMIN_PASSWORD = "bench-admin-password";
const tsx = path.join(root, "node_modules", ".bin", "tsx");

/** Replies with the usual Markdown (a list, emphasis, code), so that the renderer is needed. */
function benchItems(count: number) {
  return Array.from({ length: count }, (_, n) => ({
    messages: [{ role: "user", content: `Bench question ${n}: how do I reverse a list in **Python**?` }],
    completions: [
      `Use slicing:\n\n- \`items[::-1]\` returns a reversed copy\n- \`items.reverse()\` reverses in place\n\nAnswer ${n}a.`,
      `Call \`reversed(items)\`, which gives an *iterator*; wrap it in \`list()\` for a list. Answer ${n}b.`,
    ],
  }));
}

interface PageWeight extends ScriptWeight {
  page: string;
  path: string;
}

async function signIn(browser: Browser, base: string, email: string, password: string) {
  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  const state = await context.storageState();
  await context.close();
  return state;
}

/** Answers the comparison on screen (A is better, clearly) and times Submit → next task painted. */
async function timeSubmitToNext(page: Page): Promise<number> {
  const before = await page.getByTestId("conversation").textContent();
  await page.getByRole("button", { name: "A is better" }).click();
  await page.getByRole("button", { name: /Clearly better/ }).click();
  await page.getByTestId("hint").filter({ hasText: "Ready to submit." }).waitFor();
  const handle = await page.evaluateHandle(() => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.startsWith("Submit"));
    const started = performance.now();
    button!.click();
    return started;
  });
  const started = (await handle.jsonValue()) as number;
  // Polled once per animation frame: the first frame that shows the next task's prompt.
  const painted = await page.waitForFunction(
    (previous) => {
      const text = document.querySelector('[data-testid="conversation"]')?.textContent;
      return text && text !== previous ? performance.now() : null;
    },
    before,
    { polling: "raf", timeout: 10_000 },
  );
  return ((await painted.jsonValue()) as number) - started;
}

/**
 * The API paths from inside the signed-in page (same cookies, same connection): claim, answer,
 * then either submit + tasks/next (two round trips) or submit?next=1 (one). Times from the
 * submit request to having the next task's JSON.
 */
async function timeApiPaths(page: Page, slug: string, count: number) {
  return page.evaluate(
    async ({ slug, count }) => {
      type Task = { id: string; item: { completions: { id: string }[] } };
      const claim = async (): Promise<Task> =>
        ((await (await fetch(`/api/projects/${slug}/tasks/next`, { method: "POST" })).json()) as { task: Task }).task;
      const body = (task: Task) => JSON.stringify({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 });
      const submit = (task: Task, query: string) =>
        fetch(`/api/tasks/${task.id}/submit${query}`, {
          method: "POST",
          headers: { "content-type": "application/json", "idempotency-key": crypto.randomUUID() },
          body: body(task),
        });
      const twoTrips: number[] = [];
      const oneTrip: number[] = [];
      let task = await claim();
      for (let i = 0; i < count; i += 1) {
        let started = performance.now();
        await (await submit(task, "")).json();
        task = await claim();
        twoTrips.push(performance.now() - started);
        started = performance.now();
        const answer = (await (await submit(task, "?next=1")).json()) as { next?: { task: Task } | null };
        // A server that does not know the flag yet answers without "next": claim as before.
        task = answer.next === undefined ? await claim() : answer.next!.task;
        oneTrip.push(performance.now() - started);
      }
      // Leaves the last claimed task held: the labeling page shows it next.
      return { twoTrips, oneTrip };
    },
    { slug, count },
  );
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)) };
};
const kB = (bytes: number) => round(bytes / 1024);

async function main() {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const dir = await mkdtemp(path.join(os.tmpdir(), "rlhf-bench-ui-"));
  const pgPort = await freePort();
  console.log("Starting PostgreSQL…");
  const server = await startEmbeddedPostgres({
    dir: path.join(dir, "pg"),
    port: pgPort,
    persistent: false,
    quiet: true,
  });
  let app: ChildProcess | undefined;
  let browser: Browser | undefined;
  try {
    await server.createDatabaseIfMissing("bench");
    const url = server.url("bench");
    await applyMigrations(url, path.join(root, "prisma", "migrations"));
    const env = { ...process.env, DATABASE_URL: url };
    const adminEmail = `bench-admin-${randomUUID().slice(0, 8)}@example.com`;
    execFileSync(
      tsx,
      ["--conditions=react-server", "cli/main.ts", "user", "create", "--email", adminEmail, "--role", "admin"],
      { cwd: root, env, input: ADMIN_PASSWORD, stdio: ["pipe", "ignore", "inherit"] },
    );
    // Enough comparison items for the API paths (2 × TASKS), the timed UI tasks and a few spare.
    const fixture = JSON.parse(
      execFileSync(
        tsx,
        [
          "--conditions=react-server",
          "tests/e2e/support/fixture.ts",
          JSON.stringify({ kind: "comparison", items: benchItems(3 * TASKS + 10) }),
        ],
        { cwd: root, env, encoding: "utf8" },
      ),
    ) as { slug: string; labelers: { email: string; password: string }[] };
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const [item] = (
      await client.query<{ id: string }>(
        "SELECT i.id FROM items i JOIN projects p ON p.id = i.project_id WHERE p.slug = $1 ORDER BY i.external_id LIMIT 1",
        [fixture.slug],
      )
    ).rows;
    await client.end();

    const started = await startProductionApp(root, env);
    app = started.app;
    const base = started.base;
    browser = await chromium.launch({
      executablePath,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
    });

    console.log("Weighing pages (cold cache)…");
    const labeler = await signIn(browser, base, fixture.labelers[0]!.email, fixture.labelers[0]!.password);
    const admin = await signIn(browser, base, adminEmail, ADMIN_PASSWORD);
    // Every page is loaded once before it is weighed, so that the server's first render is not timed.
    const weights: PageWeight[] = [];
    const weigh = async (
      storageState: typeof labeler | undefined,
      name: string,
      pagePath: string,
      ready: (page: Page) => Promise<unknown>,
    ) => {
      await weighScripts(browser!, { baseURL: base, storageState }, pagePath, ready);
      weights.push({
        page: name,
        path: pagePath,
        ...(await weighScripts(browser!, { baseURL: base, storageState }, pagePath, ready)),
      });
    };
    await weigh(undefined, "Sign in", "/login", (p) => p.getByLabel("Email").waitFor());
    await weigh(labeler, "My projects", "/", (p) => p.getByRole("heading").first().waitFor());
    await weigh(labeler, "Labeling", `/projects/${fixture.slug}/label`, (p) =>
      // The reply with a list (A or B: the order is random) rendered as Markdown.
      p.locator('[data-testid="completion-A"] li, [data-testid="completion-B"] li').first().waitFor(),
    );
    await weigh(admin, "Admin overview", "/admin", (p) => p.getByRole("heading").first().waitFor());
    await weigh(admin, "Project", `/admin/projects/${fixture.slug}`, (p) => p.getByRole("heading").first().waitFor());
    await weigh(admin, "Item", `/admin/projects/${fixture.slug}/items/${item!.id}`, (p) =>
      p.getByRole("heading").first().waitFor(),
    );

    console.log(`Submit → next task, ${TASKS} tasks…`);
    const context = await browser.newContext({ baseURL: base, storageState: labeler });
    // tsx names the functions defined inside evaluated code through a helper the page lacks.
    await context.addInitScript("globalThis.__name = (fn) => fn");
    const page = await context.newPage();
    await page.goto(`/projects/${fixture.slug}/label`);
    await page.getByTestId("conversation").waitFor();
    const api = await timeApiPaths(page, fixture.slug, TASKS);
    await page.reload();
    await page.getByTestId("conversation").waitFor();
    await timeSubmitToNext(page); // warm-up
    const loadAverage = os.loadavg()[0]!.toFixed(1);
    const ui: number[] = [];
    for (let i = 0; i < TASKS; i += 1) ui.push(await timeSubmitToNext(page));
    await context.close();

    const labeling = weights.find((w) => w.page === "Labeling")!;
    const figures = { ui: stats(ui), twoTrips: stats(api.twoTrips), oneTrip: stats(api.oneTrip) };
    console.log(JSON.stringify({ weights, figures }, null, 2));
    // The budget counts every script the page fetches, the chunks its code loads afterwards
    // (the Markdown renderer, the task kind) included; the split is shown for reference.
    const boot = (w: PageWeight) => w.transferredBytes - w.laterBytes;
    const withinBudget = labeling.transferredBytes <= LABELING_JS_BUDGET_BYTES;
    const rows = weights
      .map(
        (w) =>
          `| ${w.page} | \`${w.path.replace(fixture.slug, "<slug>").replace(item!.id, "<id>")}\` | ${w.scripts} | ${kB(boot(w))} | ${kB(w.laterBytes)} | ${kB(w.transferredBytes)} | ${kB(w.decodedBytes)} | ${w.encodings.join(", ")} |`,
      )
      .join("\n");
    const ratio = round(figures.ui.p50 / figures.twoTrips.p50, 2);
    writePerformanceSection(
      root,
      "bench:ui",
      `## Pages in the browser (\`npm run bench:ui\`)

Measured ${new Date().toISOString().slice(0, 10)} on ${machine()}, Chromium ${browser.version()} (headless, Playwright),
the production build served by \`server.mjs\` (\`npm start\`), PostgreSQL (embedded), everything on one machine; no
network throttling. Command: \`npm run bench:ui\` (BENCH_UI_TASKS=${TASKS}). Load average when the timings began:
${loadAverage} (other work on the machine shows in the timings, not in the byte counts).

JavaScript per page on a cold cache (a fresh browser context, signed in), counted once nothing is in flight any more.
Page: the compressed bytes on the wire of the scripts the page's HTML loads; later: those its code fetches afterwards
(lazily loaded chunks: the Markdown renderer, the project kind's task component); total: both; decoded: the total
once unpacked.

| page | path | scripts | page kB | later kB | total kB | decoded kB | encoding |
|---|---|---|---|---|---|---|---|
${rows}

Budget (issue 13): at most ${LABELING_JS_BUDGET_BYTES / 1024} kB of compressed JavaScript transferred on a cold labeling
page, everything it fetches counted: **${kB(labeling.transferredBytes)} kB, ${withinBudget ? "met" : "NOT met"}** (${kB(boot(labeling))} kB of it loaded by the page's HTML).
Before issue 13 the page loaded 676.2 kB, uncompressed (the server compressed nothing), all of it at once.

Submit → next task painted, a comparison project, ${TASKS} tasks: from the click on Submit to the first animation frame
that shows the next task's prompt. Beside it, from the same page in the same run, the two API paths from sending the
submit to holding the next task's JSON: submit, then \`tasks/next\` (two round trips, as the page did before), and
submit with \`?next=1\`, whose answer carries the next task (one round trip).

| path | count | p50 ms | p95 ms |
|---|---|---|---|
| Submit → next task painted (page) | ${figures.ui.count} | ${figures.ui.p50} | ${figures.ui.p95} |
| API: submit, then tasks/next | ${figures.twoTrips.count} | ${figures.twoTrips.p50} | ${figures.twoTrips.p95} |
| API: submit?next=1 | ${figures.oneTrip.count} | ${figures.oneTrip.p50} | ${figures.oneTrip.p95} |

The page's p50 is **${ratio}×** the two-round-trip API path's p50. Target (issue 13): p95 under ${NEXT_TASK_P95_TARGET_MS} ms:
**${figures.ui.p95 < NEXT_TASK_P95_TARGET_MS ? "met" : "NOT met"}**.`,
    );
    console.log("Wrote docs/PERFORMANCE.md");
    if (!withinBudget) {
      console.error(
        `The labeling page loads ${kB(labeling.transferredBytes)} kB of JavaScript: over the ${LABELING_JS_BUDGET_BYTES / 1024} kB budget`,
      );
      process.exitCode = 1;
    }
  } finally {
    await browser?.close();
    app?.kill("SIGTERM");
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
