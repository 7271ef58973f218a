import { expect, test } from "@playwright/test";
import { admin, makeFixture, signIn } from "./helpers";

// The e2e server computes figures live up to 100 slots (PROJECT_LIVE_FIGURES_MAX_SLOTS in
// playwright.config.ts) and runs its background refresher every 3 s.
test("a large project's page shows the figures the background refresher stored, with their time", async ({ page }) => {
  test.setTimeout(120_000);
  // 60 items, overlap 2: 120 slots, all answered; the second labeler ranks everything reversed.
  const fixture = makeFixture({
    kind: "ranking",
    overlap: 2,
    labelers: 2,
    items: Array.from({ length: 60 }, (_, n) => ({
      messages: [{ role: "user", content: `Question ${n}` }],
      completions: [`Good ${n}`, `Bad ${n}`],
    })),
    answerAll: { reversed: [1] },
  });
  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/projects/${fixture.slug}`);
  // Until the refresher has run, the page says the figures are on their way and shows none.
  const note = page.getByTestId("figures-note");
  await expect(note).toBeVisible();
  // The refresher may have stored figures while the fixture's answers were arriving: those
  // stay until the next refresh is due, then a reload shows every answer.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("progress-summary")).toContainText("100% of 60 items fully answered (60)", {
      timeout: 1_000,
    });
  }).toPass({ timeout: 45_000 });
  await expect(note).toContainText("Figures as of");
  await expect(note).toContainText("refreshed in the background");
  await expect(page.getByTestId("queue-health")).toContainText("120");
  await expect(page.getByTestId("chart-per-labeler")).toBeVisible();
  for (const email of fixture.labelers.map((l) => l.email)) await expect(page.getByText(email).first()).toBeVisible();
  await page.screenshot({ path: "test-results/large-project.png", fullPage: true });
  // The two labelers never agree: 0% of pairs, from the stored report (the Quality tab).
  await page.getByRole("tab", { name: "Quality" }).click();
  await expect(page.getByTestId("figures-note")).toContainText("Figures as of");
  await expect(page.getByTestId("agreement")).toContainText("0% of labeler pairs agree");
  // Members: their answers from the stored figures.
  await page.getByRole("tab", { name: "Members" }).click();
  await expect(page.getByTestId("members")).toContainText("60 answers");

  await page.getByRole("tab", { name: "Quality" }).click();
  await page.getByRole("link", { name: "Distributions and biases →" }).click();
  await expect(page.getByRole("heading", { name: "Agreement" })).toBeVisible();
  await expect(page.getByTestId("figures-note")).toContainText("Figures as of");
  await expect(page.getByTestId("chart-item-agreement")).toHaveAttribute("aria-label", /0–10% 60/);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`/admin/projects/${fixture.slug}`);
  await expect(page.getByTestId("figures-note")).toContainText("Figures as of");
  await page.screenshot({ path: "test-results/large-project-phone.png", fullPage: true });
});
