import { expect, test } from "@playwright/test";
import { makeFixture, query, signIn } from "./helpers";

// The skip reasons tell admins which tasks need attention: a reason the labeler did not
// choose would skew them, so the dialog starts with none and Enter alone skips nothing.
test("the skip dialog starts with no reason chosen; Enter alone does not skip; a chosen reason is stored", async ({
  page,
}) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [{ messages: [{ role: "user", content: "A task to skip" }], completions: ["x", "y"] }],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("conversation")).toContainText("A task to skip");

  await page.keyboard.press("Alt+s");
  const dialog = page.getByRole("dialog", { name: "Skip this task" });
  await expect(dialog).toBeVisible();
  for (const radio of await dialog.getByRole("radio").all()) await expect(radio).not.toBeChecked();

  await page.keyboard.press("Enter");
  await expect(dialog.getByTestId("skip-reason-needed")).toHaveText("Choose a reason first.");
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId("conversation")).toContainText("A task to skip");
  const skipsOf = () =>
    query<{ reason: string }>(
      "SELECT k.reason FROM skips k JOIN items i ON i.id = k.item_id JOIN projects p ON p.id = i.project_id WHERE p.slug = $1",
      [fixture.slug],
    );
  expect(await skipsOf()).toEqual([]);

  // With the keyboard alone: the first reason has focus, the arrow key chooses the next one.
  await page.keyboard.press("ArrowDown");
  await expect(dialog.getByRole("radio", { name: "The prompt is unclear or broken" })).toBeChecked();
  await expect(dialog.getByTestId("skip-reason-needed")).toHaveCount(0);
  // The skip is held until the bar has been read: it says "Skipping…", never "Submitting…".
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route("**/api/tasks/*/skip", async (route) => {
    await held;
    await route.continue();
  });
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: /^Skipping…/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Submit/ })).not.toContainText("Submitting…");
  release();
  await expect(page.getByTestId("queue-empty")).toBeVisible();
  expect(await skipsOf()).toEqual([{ reason: "The prompt is unclear or broken" }]);
});
