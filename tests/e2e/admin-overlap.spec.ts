// "One more labeler" on an item, then a higher overlap for the whole project: the settings
// save succeeds (it used to clash on the slot indexes and answer "Something went wrong").
import { expect, test } from "@playwright/test";
import { admin, makeFixture, query, shoot, signIn } from "./helpers";

test("raising the project's overlap after one more labeler on an item saves", async ({ page }) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [
      { messages: [{ role: "user", content: "First" }], completions: ["a", "b"] },
      { messages: [{ role: "user", content: "Second" }], completions: ["c", "d"] },
    ],
  });
  const [first] = await query<{ id: string }>(
    "SELECT i.id FROM items i JOIN projects p ON p.id = i.project_id WHERE p.slug = $1 ORDER BY i.seq LIMIT 1",
    [fixture.slug],
  );
  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/projects/${fixture.slug}/items/${first!.id}`);
  await page.getByRole("button", { name: "One more labeler" }).click();
  await expect(page.getByTestId("form-message")).toHaveText("Reopened: one more labeler will answer this item.");

  await page.goto(`/admin/projects/${fixture.slug}?tab=settings`);
  const settings = page.getByRole("form", { name: "Project settings" });
  await settings.getByLabel("Overlap").fill("3");
  await settings.getByRole("button", { name: /^Save/ }).click();
  await expect(settings.getByTestId("form-message")).toContainText("Saved.");
  await expect(settings.getByLabel("Overlap")).toHaveValue("3");
  const slots = await query<{ n: number }>(
    `SELECT count(*)::int AS n FROM slots s JOIN projects p ON p.id = s.project_id WHERE p.slug = $1 GROUP BY s.item_id`,
    [fixture.slug],
  );
  expect(slots.map((s) => s.n)).toEqual([3, 3]);
});

test("adaptive overlap and an hourly rate: disagreeing items reopen, the Quality tab shows labels and cost", async ({
  page,
}) => {
  // Two labelers disagree on both items (the second ranks the other way round).
  const fixture = makeFixture({
    kind: "comparison",
    overlap: 2,
    labelers: 2,
    answerAll: { reversed: [1] },
    items: [
      { messages: [{ role: "user", content: "First" }], completions: ["a", "b"] },
      { messages: [{ role: "user", content: "Second" }], completions: ["c", "d"] },
    ],
  });
  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/projects/${fixture.slug}?tab=settings`);
  const form = page.getByRole("form", { name: "Overlap and cost" });
  await form.getByLabel("Ask more labelers only while").check();
  await form.getByLabel("Minimum labelers").fill("2");
  await form.getByLabel("Maximum labelers").fill("3");
  await form.getByLabel("Hourly rate").fill("60");
  await form.getByRole("button", { name: "Save overlap and cost" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Saved the overlap and cost settings.");
  // The fields keep what was saved (a form reset once unticked the box: the next save turned it off).
  await expect(form.getByLabel("Ask more labelers only while")).toBeChecked();
  await expect(form.getByLabel("Hourly rate")).toHaveValue("60");
  const slots = await query<{ n: number; status: string }>(
    `SELECT count(*)::int AS n, min(i.status::text) AS status FROM slots s JOIN items i ON i.id = s.item_id
       JOIN projects p ON p.id = s.project_id WHERE p.slug = $1 GROUP BY s.item_id`,
    [fixture.slug],
  );
  expect(slots).toEqual([
    { n: 3, status: "open" },
    { n: 3, status: "open" },
  ]);

  await page.goto(`/admin/projects/${fixture.slug}?tab=quality`);
  const forecast = page.getByTestId("overlap-forecast");
  await expect(forecast).toContainText("Adaptive overlap 2–3");
  await expect(forecast).toContainText("Labels spent4");
  await expect(forecast).toContainText("Fixed overlap 3 would spend6");
  const cost = page.getByTestId("cost-card");
  await expect(cost).toContainText("At 60.00 per hour of active time");
  await expect(page.getByTestId("cost-by-labeler").locator("tbody tr")).toHaveCount(2);
  await shoot(page, "overlap-cost-quality");

  // The weighted rule: answers count by each labeler's gold accuracy; the setting survives a reload.
  await page.goto(`/admin/projects/${fixture.slug}?tab=settings`);
  await expect(form.getByLabel("Confidence to settle")).toBeDisabled();
  await form.getByLabel("Weight answers by each labeler's gold accuracy").check();
  await form.getByLabel("Confidence to settle").fill("0.92");
  await form.getByRole("button", { name: "Save overlap and cost" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Saved the overlap and cost settings.");
  await page.reload();
  await expect(form.getByLabel("Weight answers by each labeler's gold accuracy")).toBeChecked();
  await expect(form.getByLabel("Confidence to settle")).toHaveValue("0.92");
  await shoot(page, "overlap-cost-settings");
  await page.goto(`/admin/projects/${fixture.slug}?tab=quality`);
  await expect(forecast).toContainText("settling at a confidence of 0.92 (answers weighted by gold accuracy)");
});
