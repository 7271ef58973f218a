import { expect, test } from "@playwright/test";
import { admin, makeFixture, signIn } from "./helpers";

// A page left by an in-app link is unmounted, not unloaded: its timers and loops keep running
// unless it stops them. Nothing it started may go on asking the server for a page not shown.

test("leaving the labeling page while it retries a claim stops the retries", async ({ page }) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [{ messages: [{ role: "user", content: "Never shown" }], completions: ["x", "y"] }],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  let claims = 0;
  await page.route("**/api/projects/*/tasks/next", async (route) => {
    claims += 1;
    await route.fulfill({
      status: 503,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ error: { code: "unavailable", message: "The database is unavailable for a moment" } }),
    });
  });
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("notice")).toHaveText("Cannot reach the server, trying again…");
  await page.getByRole("link", { name: "← My projects" }).click();
  await expect(page.getByRole("heading", { name: "My projects" })).toBeVisible();
  const whenLeft = claims;
  // The backoff would have tried again after 1 s and 2 s more.
  await page.waitForTimeout(4000);
  expect(claims).toBe(whenLeft);
});

test("leaving the project page while an export runs stops following it", async ({ page }) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [{ messages: [{ role: "user", content: "Q" }], completions: ["a", "b"] }],
  });
  await signIn(page, admin().email, admin().password);
  // The download itself is not the point here; the export's record says it is still running.
  await page.route("**/api/projects/*/export?*", (route) => route.abort());
  let polls = 0;
  await page.route("**/api/exports/*", async (route) => {
    polls += 1;
    await route.fulfill({
      status: 200,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        export: {
          status: "running",
          itemsDone: 1,
          itemsTotal: 4,
          rowCount: 10,
          sha256: null,
          fileName: null,
          error: null,
          manifest: null,
        },
      }),
    });
  });
  await page.goto(`/admin/projects/${fixture.slug}?tab=export`);
  const form = page.getByRole("form", { name: "Export" });
  await form.getByRole("button", { name: "Export and download" }).click();
  await expect(page.getByTestId("export-progress")).toHaveText("10 rows · 25% of items");
  await expect.poll(() => polls).toBeGreaterThan(1);
  await page.getByRole("link", { name: "← Projects" }).click();
  await expect(page.getByRole("heading", { name: "Projects", exact: true })).toBeVisible();
  const whenLeft = polls;
  // It polled every 400 ms while shown.
  await page.waitForTimeout(2000);
  expect(polls).toBe(whenLeft);
});
