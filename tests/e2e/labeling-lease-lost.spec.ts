import { expect, test } from "@playwright/test";
import { makeFixture, query, signIn } from "./helpers";

test("a submit on a lost lease is refused and the labeler keeps their work", async ({ page, browser }) => {
  const fixture = makeFixture({
    kind: "demonstration",
    labelers: 2,
    items: [{ messages: [{ role: "user", content: "Only one task here" }] }],
  });
  const [first, second] = fixture.labelers;
  await signIn(page, first!.email, first!.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  await page.getByLabel("Your reply (markdown)").fill("My carefully written answer.");
  // A draft save renews the lease: let it land before the lease is made to run out.
  await expect(page.getByTestId("save-status")).toContainText("Draft saved", { timeout: 10_000 });

  // The lease runs out and the slot goes to the second labeler.
  await query(
    `UPDATE leases SET expires_at = now() - interval '1 second'
      WHERE project_id = (SELECT id FROM projects WHERE slug = $1) AND state = 'active'`,
    [fixture.slug],
  );
  await query(
    `UPDATE slots SET lease_expires_at = now() - interval '1 second'
      WHERE project_id = (SELECT id FROM projects WHERE slug = $1) AND state = 'leased'`,
    [fixture.slug],
  );
  const otherContext = await browser.newContext();
  const other = await otherContext.newPage();
  await signIn(other, second!.email, second!.password);
  await other.goto(`/projects/${fixture.slug}/label`);
  await expect(other.getByTestId("conversation")).toContainText("Only one task here");

  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("lease-lost")).toContainText("This task is no longer reserved for you.");
  await expect(page.getByLabel("Your reply (markdown)")).toHaveValue("My carefully written answer.");
  await expect(page.getByRole("button", { name: /^Submit/ })).toBeDisabled();
  const stored = await query("SELECT 1 FROM annotations a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1", [
    fixture.slug,
  ]);
  expect(stored).toHaveLength(0);
  await otherContext.close();
});
