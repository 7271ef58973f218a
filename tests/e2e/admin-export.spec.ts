import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { strFromU8, unzipSync } from "fflate";
import { admin, makeFixture, query, signIn } from "./helpers";

test("an admin reads the agreement report and downloads a filtered train split with progress", async ({ page }) => {
  // Four labelers rank 12 items of three completions; the fourth always reverses the others.
  const fixture = makeFixture({
    kind: "ranking",
    overlap: 4,
    likertEnabled: true,
    labelers: 4,
    items: Array.from({ length: 12 }, (_, n) => ({
      messages: [{ role: "user", content: `Question ${n}: <img src=x onerror="window.__xss=1">` }],
      completions: [`Best ${n}`, `Middle ${n}`, `Worst ${n}`],
    })),
    answerAll: { reversed: [3] },
  });
  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/projects/${fixture.slug}?tab=quality`);
  await expect(page.getByTestId("agreement")).toContainText("50%");
  await expect(page.getByTestId("agreement")).toContainText("far below peers");

  await page.getByRole("link", { name: "Distributions and biases →" }).click();
  await expect(page.getByRole("heading", { name: "Agreement" })).toBeVisible();
  for (const chart of ["chart-item-agreement", "chart-likert", "chart-flags", "chart-position-bias"])
    await expect(page.getByTestId(chart)).toBeVisible();
  // 12 items, all at 50% agreement: one bar of 12 in the 50-60% bin.
  await expect(page.getByTestId("chart-item-agreement")).toHaveAttribute("aria-label", /50–60% 12/);
  await expect(page.getByTestId("chart-likert")).toHaveAttribute("aria-label", /2 48.*7 48/);
  await page.screenshot({ path: "test-results/agreement-page.png", fullPage: true });

  await page.goto(`/admin/projects/${fixture.slug}?tab=export`);
  const form = page.getByRole("form", { name: "Export" });
  await form.getByLabel("Format").selectOption("preference");
  // Only the three labelers who agree: their pairs, 3 per item.
  await form.getByLabel("Labelers with agreement of at least (%)").fill("90");
  await form.getByLabel("Split into train and test by prompt").check();
  await form.getByLabel("Train share (%)").fill("75");
  await form.getByLabel("Download").selectOption("train");
  // Sources: every one checked by default; leaving out production feedback is a recorded filter.
  await expect(form.getByLabel(/^human: labelers' answers/)).toBeChecked();
  await form.getByLabel(/^production: users' feedback/).uncheck();
  const download = page.waitForEvent("download");
  await form.getByRole("button", { name: "Export and download" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`${fixture.slug}-preference-train.jsonl`);
  const lines = (await readFile((await file.path())!, "utf8")).split("\n").filter(Boolean);
  await expect(page.getByTestId("export-result")).toContainText(`${lines.length} rows`);
  const [record] = await query<{ manifest: { rows: number; split: Record<string, { rows: number; items: number }> } }>(
    "SELECT e.manifest FROM exports e JOIN projects p ON p.id = e.project_id WHERE p.slug = $1 ORDER BY e.created_at DESC LIMIT 1",
    [fixture.slug],
  );
  // 12 items x 3 labelers x 3 pairs, split by prompt.
  expect(record!.manifest.rows).toBe(108);
  expect(record!.manifest.split.train!.rows).toBe(lines.length);
  expect(record!.manifest.split.train!.rows + record!.manifest.split.test!.rows).toBe(108);
  for (const line of lines) {
    const row = JSON.parse(line) as { chosen: { content: string }[]; rejected: { content: string }[] };
    expect(Number(/\d+/.exec(row.chosen[0]!.content)![0])).toBeGreaterThanOrEqual(0);
    expect(row.chosen[0]!.content.startsWith("Worst")).toBe(false);
  }
  const latest = page.getByTestId("export-row").first();
  await expect(latest).toContainText("preference");
  await expect(latest.getByTestId("export-part")).toHaveText("train");
  await expect(latest.getByTestId("export-filters")).toHaveText(
    "labelers agreeing ≥ 90%, sources human, judge, judge+audited, split train 75% / test 25%",
  );
  // Downloading it again gives the same file (nothing changed since).
  const again = page.waitForEvent("download");
  await latest.getByRole("link", { name: /^Download again: preference, train/ }).click();
  const againFile = await again;
  expect(againFile.suggestedFilename()).toBe(`${fixture.slug}-preference-train.jsonl`);
  expect(await readFile((await againFile.path())!, "utf8")).toBe(await readFile((await file.path())!, "utf8"));

  // One action downloads every part with the manifest, in one zip.
  await page.reload();
  await page.getByRole("form", { name: "Export" }).getByLabel("Download").selectOption("all");
  const bundle = page.waitForEvent("download");
  await page.getByRole("form", { name: "Export" }).getByRole("button", { name: "Export and download" }).click();
  const zip = await bundle;
  expect(zip.suggestedFilename()).toBe(`${fixture.slug}-preference-split.zip`);
  const entries = unzipSync(new Uint8Array(await readFile((await zip.path())!)));
  const train = `${fixture.slug}-preference-train.jsonl`;
  const test = `${fixture.slug}-preference-test.jsonl`;
  expect(Object.keys(entries).sort()).toEqual(["manifest.json", test, train].sort());
  expect(strFromU8(entries[train]!)).toBe(await readFile((await file.path())!, "utf8"));
  const manifest = JSON.parse(strFromU8(entries["manifest.json"]!)) as { rows: number; files: Record<string, string> };
  expect(manifest).toMatchObject({ rows: 108, files: { train, test } });
  await expect(page.getByTestId("export-row").first().getByTestId("export-part")).toHaveText("all parts");
  // Preference rows carry the item's id.
  expect(JSON.parse(lines[0]!)).toMatchObject({ item_id: expect.any(String), source: "human" });
  await page.getByRole("form", { name: "Export" }).getByLabel("Download").selectOption("train");
  // The browser followed its own export by the id it chose; that id cannot be taken twice.
  const [{ id: usedId }] = (await query<{ id: string }>(
    "SELECT e.id FROM exports e JOIN projects p ON p.id = e.project_id WHERE p.slug = $1 ORDER BY e.created_at DESC LIMIT 1",
    [fixture.slug],
  )) as [{ id: string }];
  expect((await page.request.get(`/api/projects/${fixture.slug}/export?format=raw&exportId=${usedId}`)).status()).toBe(
    409,
  );
  // Options the server would refuse are refused on the page, before any download starts.
  await form.getByLabel("Answers from").fill("2026-12-02");
  await form.getByLabel("Answers before").fill("2026-12-01");
  await form.getByRole("button", { name: "Export and download" }).click();
  await expect(form.getByRole("alert")).toContainText("to must be after from");
  await form.getByLabel("Answers from").fill("");
  await form.getByLabel("Answers before").fill("");
  // The options come back after a reload.
  await page.reload();
  await expect(page.getByRole("form", { name: "Export" }).getByLabel("Train share (%)")).toHaveValue("75");
  // Refused options are not remembered.
  await expect(page.getByRole("form", { name: "Export" }).getByLabel("Answers from")).toHaveValue("");
  expect(await page.evaluate(() => (window as { __xss?: number }).__xss)).toBeUndefined();
  await page.screenshot({ path: "test-results/project-export.png", fullPage: true });
});
