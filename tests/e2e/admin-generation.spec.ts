// Models in the loop: an admin adds an endpoint at the OpenAI-protocol stub this test starts,
// tests it, generates completions for prompts imported without any, and watches the progress
// to the end; a labeler then ranks a generated item without seeing which model wrote what,
// and the admin reads the two endpoints' ratings on the project page.
// The server's generation worker (npm start runs one) sends the requests.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { admin, makeFixture, query, signIn } from "./helpers";

const SHOTS = process.env.SCREENSHOT_DIR;
let stub: OpenAIStub;

test.beforeAll(async () => {
  // Slow enough answers that the progress is seen moving.
  stub = await startOpenAIStub({ latencyMs: 1000 });
});
test.afterAll(async () => {
  await stub.close();
});

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  const card = page.locator("section", { has: page.getByRole("heading", { name: "Generate completions" }) });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
    // The card is on the Items tab: the Quality tab's shot is the page alone.
    if (await card.isVisible()) await card.screenshot({ path: `${SHOTS}/${name}-card-${width}.png` });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function addEndpoint(page: Page, name: string, model: string) {
  const add = page.getByRole("form", { name: "Add a model endpoint" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Base URL").fill(stub.url);
  await add.getByLabel("Model id").fill(model);
  await add.getByLabel("Max concurrency").fill("2");
  await add.getByRole("button", { name: "Add endpoint" }).click();
  await expect(add.getByTestId("form-message")).toHaveText(`Added ${name}.`);
}

test("an admin generates completions from two endpoints and watches them arrive; a labeler ranks them blind; the leaderboard rates both", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  const fixture = makeFixture({
    kind: "ranking",
    items: Array.from({ length: 6 }, (_, n) => ({
      messages: [{ role: "user" as const, content: `Prompt ${n + 1}: how do tides work?` }],
    })),
  });
  const suffix = randomUUID().slice(0, 6);
  const careful = `careful-${suffix}`;
  const terse = `terse-${suffix}`;

  await signIn(page, admin().email, admin().password);
  await page.goto("/admin/models");
  await addEndpoint(page, careful, "stub-careful");
  await addEndpoint(page, terse, "stub-terse");
  const entry = page.getByRole("listitem", { name: careful });
  await entry.getByRole("button", { name: `Test ${careful}` }).click();
  await expect(entry.getByTestId("model-test-result")).toContainText(/Answered in \d+ ms/);

  await page.goto(`/admin/projects/${fixture.slug}?tab=data`);
  const form = page.getByRole("form", { name: "Generate completions" });
  await form.getByRole("checkbox", { name: new RegExp(careful) }).check();
  await form.getByRole("checkbox", { name: new RegExp(terse) }).check();
  await form.getByLabel("Samples each").fill("1");
  await form.getByRole("button", { name: "Generate" }).click();

  const progress = page.getByTestId("generation-progress");
  await expect(progress).toBeVisible();
  await expect(progress.getByRole("progressbar", { name: "Generation progress" })).toBeVisible();
  await expect(progress).toContainText(/running|queued/);
  await expect(page.getByTestId("generation-figures")).toContainText(/\d+\/6 items/);
  // Under way: some completions in, the bar part-filled.
  await expect(page.getByTestId("generation-figures")).toContainText(/\b[1-9]\d* completions/);
  await expect(progress).toContainText("running");
  await shoot(page, "generation-running");
  await expect(progress).toContainText("completed", { timeout: 60_000 });
  await expect(page.getByTestId("generation-figures")).toContainText("6/6 items · 12 completions");
  await expect(page.getByTestId("generation-figures")).toContainText("0 errors");
  await expect(page.getByTestId("generation-jobs")).toContainText("completed");
  await shoot(page, "generation-done");

  const stored = await query<{ model: string; n: number }>(
    `SELECT c.model, count(*)::int AS n FROM completions c JOIN items i ON i.id = c.item_id
       JOIN projects p ON p.id = i.project_id WHERE p.slug = $1 GROUP BY c.model ORDER BY c.model`,
    [fixture.slug],
  );
  expect(stored).toEqual([
    { model: careful, n: 6 },
    { model: terse, n: 6 },
  ]);

  // The labeler ranks a generated item; nothing on the page names a model or an endpoint.
  const labeler = fixture.labelers[0]!;
  const context = await browser.newContext();
  const labelPage = await context.newPage();
  await signIn(labelPage, labeler.email, labeler.password);
  await labelPage.goto(`/projects/${fixture.slug}/label`);
  await expect(labelPage.getByTestId("conversation")).toContainText("how do tides work?");
  await expect(labelPage.getByTestId("ranking").locator("article")).toHaveCount(2);
  const html = await labelPage.content();
  for (const word of [careful, terse, "stub-careful", "stub-terse"]) expect(html).not.toContain(word);
  // Keep the order shown (O), then submit.
  await labelPage.keyboard.press("o");
  // Under load the order's confirmation renders a moment later; submit once the page says so.
  await expect(labelPage.getByText("Ready to submit.")).toBeVisible();
  await labelPage.keyboard.press("Control+Enter");
  await expect(labelPage.getByTestId("conversation")).not.toContainText("Prompt 1:", { timeout: 15_000 });
  const answers = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM annotations a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1",
    [fixture.slug],
  );
  expect(answers[0]!.n).toBe(1);
  await context.close();

  // A second sample from one endpoint for the five items still open (the ranked one is done),
  // one request refused (400): its error is shown, the job goes on, and resume sends it again.
  stub.set({ failNext: { count: 1, status: 400 } });
  await page.reload();
  await form.getByRole("checkbox", { name: new RegExp(careful) }).check();
  await form.getByLabel("Samples each").fill("2");
  await form.getByRole("button", { name: "Generate" }).click();
  // The first job stays on screen ("completed") until the new one replaces it: wait for the
  // new job's figures (out of 5 items), then for it to finish.
  await expect(page.getByTestId("generation-figures")).toContainText("/5 items");
  await expect(page.getByTestId("generation-figures")).toContainText("5/5 items · 4 completions", {
    timeout: 60_000,
  });
  await expect(progress).toContainText("completed", { timeout: 60_000 });
  await expect(page.getByTestId("generation-figures")).toContainText("1 error");
  const jobs = page.getByTestId("generation-jobs");
  await jobs.getByRole("button", { name: "Show errors" }).click();
  await expect(jobs.getByTestId("generation-errors")).toContainText("the endpoint refused the request (400)");
  await shoot(page, "generation-errors");
  await progress.getByRole("button", { name: "Resume" }).click();
  await expect(page.getByTestId("generation-figures")).toContainText("5 completions", { timeout: 60_000 });
  await expect(progress).toContainText("completed");

  // The admin opens the leaderboard: the labeler's ranking compared the two endpoints' replies.
  await page.getByRole("tab", { name: "Quality" }).click();
  const models = page.getByTestId("models");
  await expect(models).toBeVisible();
  await expect(page.getByTestId("models-table").locator("tbody tr")).toHaveCount(2);
  for (const name of [careful, terse]) await expect(page.getByTestId("models-table")).toContainText(name);
  await expect(page.getByTestId("chart-model-ratings")).toBeVisible();
  await expect(page.getByTestId("chart-win-rates")).toHaveAttribute(
    "aria-label",
    new RegExp(`${careful}.*${terse}|${terse}.*${careful}`),
  );
  await shoot(page, "generation-leaderboard");
});
