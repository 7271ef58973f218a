// "One more labeler" on an item, then a higher overlap for the whole project: the settings
// save succeeds (it used to clash on the slot indexes and answer "Something went wrong").
import { expect, test } from "@playwright/test";
import { admin, makeFixture, query, signIn } from "./helpers";

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
