import { expect, test } from "@playwright/test";
import { admin, makeFixture, signIn } from "./helpers";

const TEXTS: Record<string, string> = {
  "sharp-7b": "They show it a harmless piece of the pathogen, so it builds memory cells.",
  "middling-7b": "They make your body stronger against germs.",
  "sloppy-7b": "Vaccines are medicine.",
};
// Completions that name their model. Labelers (support/fixture.ts answerAll) rank in file
// order, so the file order is the verdict: the better model first on items 1 to 4, an upset
// on items 5 and 6 (the items differ, so the bootstrap over items has something to resample).
const ORDERS = [
  ...Array.from({ length: 4 }, () => ["sharp-7b", "middling-7b", "sloppy-7b"]),
  ["middling-7b", "sharp-7b", "sloppy-7b"],
  ["sloppy-7b", "sharp-7b", "middling-7b"],
];
const item = (order: string[], n: number) =>
  JSON.stringify({
    id: `m${n}`,
    prompt: `How do vaccines train the immune system? (${n})`,
    completions: order.map((model) => ({ model, text: `${TEXTS[model]} (${n})` })),
  });

test("an admin imports model completions, labelers rank them, and the project page rates the models", async ({
  page,
}, testInfo) => {
  const slug = `models-${Date.now().toString(36)}`;
  await signIn(page, admin().email, admin().password);
  await page.goto("/admin/projects");
  const form = page.getByRole("form", { name: "Create project" });
  const name = `Model leaderboard ${slug}`;
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Slug").fill(slug);
  await form.getByLabel("Kind").selectOption("ranking");
  await form.getByLabel("Overlap").fill("3");
  await form.getByRole("button", { name: "Create project" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/projects/${slug}\\?created=1$`));
  await page.getByRole("tab", { name: "Quality" }).click();
  // Before any completion names a model, the card says how to get a leaderboard.
  await expect(page.getByTestId("models-empty")).toContainText("import completions that name their model");

  await page.getByRole("tab", { name: "Data" }).click();
  await page.getByLabel("JSONL file").setInputFiles({
    name: "models.jsonl",
    mimeType: "application/x-ndjson",
    buffer: Buffer.from(`${ORDERS.map(item).join("\n")}\n`),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
  await expect(page.getByTestId("import-result")).toContainText("Imported 6 items (format: completions).");
  await page.getByRole("tab", { name: "Quality" }).click();
  await expect(page.getByTestId("models-empty")).toContainText("3 models named; ratings appear once labelers");

  // Three labelers rank every item: two in the file's order, one the other way round. On each
  // item the first in the file beats the others 2 to 1: sharp-7b wins 22 of its 36 comparisons.
  makeFixture({ kind: "ranking", project: slug, items: [], labelers: 3, answerAll: { reversed: [2] } });

  await page.reload();
  const card = page.getByTestId("models");
  await expect(card).toContainText("from 54 comparisons");
  const ratings = page.getByTestId("chart-model-ratings");
  await expect(ratings).toHaveAttribute("role", "img");
  await expect(ratings).toHaveAttribute(
    "aria-label",
    /^Model ratings: sharp-7b \d+ .*, middling-7b \d+ .*, sloppy-7b \d+ /,
  );
  const heatmap = page.getByTestId("chart-win-rates");
  await expect(heatmap).toHaveAttribute("aria-label", /sharp-7b beats middling-7b 61%/);
  await expect(heatmap).toHaveAttribute("aria-label", /sloppy-7b beats sharp-7b 39%/);
  await expect(heatmap.getByText("61%", { exact: true }).first()).toBeVisible();
  const rows = page.getByTestId("models-table").locator("tbody tr");
  await expect(rows.first()).toContainText("sharp-7b");
  await expect(rows.first()).toContainText("22 / 14 / 0");
  await expect(rows.last()).toContainText("sloppy-7b");

  // The same figures from the API.
  const api = await page.request.get(`/api/projects/${slug}/leaderboard`);
  expect(api.status()).toBe(200);
  const body = (await api.json()) as {
    models: { model: string; rating: number; ci95: [number, number]; wins: number; comparisons: number }[];
  };
  expect(body.models.map((m) => [m.model, m.wins, m.comparisons])).toEqual([
    ["sharp-7b", 22, 36],
    ["middling-7b", 18, 36],
    ["sloppy-7b", 14, 36],
  ]);
  const [best] = body.models;
  expect(best!.ci95[0]).toBeLessThan(best!.rating);
  expect(best!.ci95[1]).toBeGreaterThan(best!.rating);

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await card.scrollIntoViewIfNeeded();
    await card.screenshot({ path: testInfo.outputPath(`models-card-${width}.png`) });
  }
});
