import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { admin, signIn } from "./helpers";

// A judge answered a project's items in both orders (support/judge-agreement-fixture.ts):
// the admin reads how it agrees with the labelers, and the one item where it does not.
function makeJudgeFixture(): { slug: string; judge: string; disagreeingItemId: string } {
  const root = path.resolve(__dirname, "..", "..");
  const output = execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/e2e/support/judge-agreement-fixture.ts"],
    { cwd: root, env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL }, encoding: "utf8" },
  );
  return JSON.parse(output) as { slug: string; judge: string; disagreeingItemId: string };
}

test("an admin reads how a judge agrees with the labelers, and the item where it does not", async ({ page }) => {
  const { slug, judge, disagreeingItemId } = makeJudgeFixture();
  await signIn(page, admin().email, admin().password);
  // From the Quality tab's agreement card, beside the labelers' own agreement.
  await page.goto(`/admin/projects/${slug}?tab=quality`);
  await page.getByTestId("judge-agreement-links").getByRole("link", { name: judge }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/projects/${slug}/judges/${judge}/agreement$`));
  await expect(page.getByRole("heading", { name: `Judge agreement: ${judge}` })).toBeVisible();
  // 6 items × 2 answers = 12 comparisons: item 3 (judge against both) and item 6 (one labeler
  // against the judge) make 9 agreeing, 75%.
  await expect(page.getByTestId("judge-agreement")).toContainText("75%");
  await expect(page.getByTestId("judge-agreement")).toContainText("12 comparisons on 6 items");
  await expect(page.getByTestId("judge-swap")).toContainText("100%");
  await expect(page.getByTestId("judge-swap")).toContainText("6 of 6 items");
  await expect(page.getByTestId("chart-slice-agreement")).toHaveAttribute("aria-label", /careful-7b vs terse-7b 75%/);
  await expect(page.getByTestId("slice-table")).toContainText("careful-7b vs terse-7b");

  // The one disagreement: the judge's verdict against the labelers', its rationale as text.
  const rows = page.getByTestId("disagreement-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("B > A");
  await expect(rows.first()).toContainText("Reply <b>A</b> is shorter, so it is better.");
  await rows.first().getByRole("link", { name: "#3" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/projects/${slug}/items/${disagreeingItemId}$`));

  // A judge the project does not have: not found.
  const missing = await page.goto(`/admin/projects/${slug}/judges/no-such-judge/agreement`);
  expect(missing?.status()).toBe(404);
});
