// axe-core on every page, as each role sees it, in light mode and (labeling, project page) in
// dark mode: no serious or critical violation, headings in order, names that match the labels.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { admin, makeEveryKindFixture, signIn } from "./helpers";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
// Moderate by axe's scale, and still required here (issue 13): headings without skipped
// levels, and a control's accessible name that contains its visible text (label-in-name).
const ALWAYS_FAIL = new Set(["heading-order", "label-content-name-mismatch"]);

async function expectAccessible(page: Page, what: string) {
  const results = await new AxeBuilder({ page })
    .withTags(TAGS)
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .analyze();
  const failing = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || ALWAYS_FAIL.has(v.id))
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(" ")} ${n.failureSummary ?? ""}`).join(" | ")}`,
    );
  expect(failing, `axe on ${what}`).toEqual([]);
}

async function visit(page: Page, path: string, ready = page.locator("h1").first()) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(path === "/no-such-page" ? 500 : 400);
  await expect(ready).toBeVisible();
}

async function darkMode(page: Page) {
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
}

test("axe finds no serious or critical violation on any page, light or dark", async ({ page }) => {
  const fixture = makeEveryKindFixture();

  await visit(page, "/login");
  await expectAccessible(page, "login");

  await signIn(page, fixture.labeler.email, fixture.labeler.password);
  await visit(page, "/");
  await expectAccessible(page, "my projects");
  for (const kind of ["demonstration", "comparison", "ranking"] as const) {
    await visit(page, `/projects/${fixture.slugs[kind]}/label`, page.getByTestId("conversation"));
    await expectAccessible(page, `${kind} labeling page`);
  }
  // The comparison's strength buttons appear once a side is chosen.
  await page.goto(`/projects/${fixture.slugs.comparison}/label`);
  await page.getByRole("button", { name: /^A is better/ }).click();
  await expect(page.getByRole("button", { name: /^A is better/ })).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByRole("button", { name: /^Clearly better/ })).toHaveAttribute("aria-pressed", "false");
  await darkMode(page);
  await expectAccessible(page, "comparison labeling page, dark");
  await visit(page, `/projects/${fixture.slugs.ranking}/label`, page.getByTestId("conversation"));
  await expectAccessible(page, "ranking labeling page, dark");
  await page.emulateMedia({ colorScheme: "light" });

  await page.context().clearCookies();
  await signIn(page, admin().email, admin().password);
  const slug = fixture.slugs.comparison;
  for (const [what, path] of [
    ["admin overview", "/admin"],
    ["projects", "/admin/projects"],
    ["project page", `/admin/projects/${slug}`],
    ["items", `/admin/projects/${slug}/items`],
    ["item page", `/admin/projects/${slug}/items/${fixture.answeredItemId}`],
    ["agreement", `/admin/projects/${slug}/agreement`],
    ["ranking project page", `/admin/projects/${fixture.slugs.ranking}`],
    ["users", "/admin/users"],
    ["person page", `/admin/users/${fixture.labeler.id}`],
    ["models", "/admin/models"],
    ["audit", "/admin/audit"],
    ["404", "/no-such-page"],
  ] as const) {
    await visit(page, path);
    await expectAccessible(page, what);
  }
  await darkMode(page);
  await visit(page, `/admin/projects/${slug}`);
  await expectAccessible(page, "project page, dark");
});

test("the theme toggle is remembered and applied before the first paint", async ({ page }) => {
  const fixture = makeEveryKindFixture();
  await signIn(page, fixture.labeler.email, fixture.labeler.password);
  await page.emulateMedia({ colorScheme: "light" });
  await visit(page, "/");
  const theme = page.getByRole("group", { name: "Colour theme" });
  await expect(theme.getByRole("button", { name: "System" })).toHaveAttribute("aria-pressed", "true");
  await theme.getByRole("button", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(theme.getByRole("button", { name: "Dark" })).toHaveAttribute("aria-pressed", "true");

  // The class is on <html> before the parser reaches <body> (so before any paint and before
  // React runs): the inline script in <head> set it.
  await page.addInitScript(() => {
    const observer = new MutationObserver(() => {
      if (!document.body) return;
      (window as unknown as { darkAtStart: boolean }).darkAtStart = document.documentElement.classList.contains("dark");
      observer.disconnect();
    });
    observer.observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  expect(await page.evaluate(() => (window as unknown as { darkAtStart: boolean }).darkAtStart)).toBe(true);

  // System follows the system's preference, live.
  await theme.getByRole("button", { name: "System" }).click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
});
