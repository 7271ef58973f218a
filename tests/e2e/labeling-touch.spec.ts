// A labeler on a phone (390x844, touch): guidelines one tap away, nothing hidden behind the
// sticky submit bar, targets a finger can hit, no keyboard hints, and ranking by taps.
import { expect, test, type Page } from "@playwright/test";
import { makeEveryKindFixture, query, signIn } from "./helpers";

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

/** Visible controls smaller than 44x44 px (buttons, nav links, radio chips, checkbox labels, toggles). */
function smallTargets(page: Page) {
  return page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        "button, summary, nav a, label:has(> input[type=radio]), label:has(> input[type=checkbox])",
      ),
    ]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width < 44 || box.height < 44;
      })
      .map((el) => `${el.tagName} "${el.textContent?.trim()}"`),
  );
}

/** Whether the sticky submit bar covers part of the element. */
async function coveredBySubmitBar(page: Page, name: RegExp) {
  return page.getByRole("button", { name }).evaluate((el) => {
    const bar = document.querySelector("[data-submit-bar]")!.getBoundingClientRect();
    return el.getBoundingClientRect().bottom > bar.top;
  });
}

test("a labeler compares and ranks on a phone by touch", async ({ page }) => {
  const fixture = makeEveryKindFixture();
  await signIn(page, fixture.labeler.email, fixture.labeler.password);
  await page.goto(`/projects/${fixture.slugs.comparison}/label`);
  await expect(page.getByTestId("conversation")).toBeVisible();
  expect(await page.evaluate(() => matchMedia("(hover: none) and (pointer: coarse)").matches)).toBe(true);

  // Guidelines: not a screen of scrolling below the task, but one tap in the header.
  await expect(page.getByRole("complementary", { name: "Guidelines" })).toBeHidden();
  await page.getByRole("button", { name: "Guidelines" }).tap();
  const sheet = page.getByRole("dialog", { name: "Guidelines" });
  await expect(sheet).toContainText("Prefer the reply that is correct");
  await sheet.getByRole("button", { name: "Close" }).tap();
  await expect(sheet).toBeHidden();

  // No keyboard hints, no shortcut button, every target at least 44 px.
  await expect(page.locator("kbd").first()).toBeHidden();
  await expect(page.getByRole("button", { name: /Keyboard shortcuts/ })).toBeHidden();
  expect(await smallTargets(page)).toEqual([]);

  // A verdict brought into view (here by focus, scrolled from the top) stops above the bar.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole("button", { name: /^Tie: both bad/ }).focus();
  expect(await coveredBySubmitBar(page, /^Tie: both bad/)).toBe(false);
  await page.getByRole("button", { name: /^A is better/ }).tap();
  await page.getByRole("button", { name: /^Clearly better/ }).tap();
  expect(await smallTargets(page)).toEqual([]);
  await page.getByRole("button", { name: /^Submit/ }).tap();
  await expect(page.getByTestId("done-here")).toHaveText("1 done this session");

  // Ranking: ↑ moves a reply up, "tie" joins it to the reply above, each by a tap.
  await page.goto(`/projects/${fixture.slugs.ranking}/label`);
  await expect(page.getByTestId("conversation")).toBeVisible();
  await expect(page.getByText("Tap ↑ or ↓ to move a reply")).toBeVisible();
  expect(await smallTargets(page)).toEqual([]);
  const textOf = async (letter: string) =>
    (await page.getByTestId(`card-${letter}`).locator(".markdown, p").first().textContent())!.trim();
  const [a, b, c] = [await textOf("A"), await textOf("B"), await textOf("C")];
  await page.getByRole("button", { name: "Move reply B up" }).tap();
  await expect(page.getByTestId("group-0")).toContainText("Reply B");
  await page.getByRole("button", { name: "Tie or untie reply C" }).tap();
  await expect(page.getByTestId("group-1")).toContainText("Reply A");
  await expect(page.getByTestId("group-1")).toContainText("Reply C");
  await expect(page.getByTestId("hint")).toHaveText("Ready to submit.");
  await page.getByRole("button", { name: /^Submit/ }).tap();
  await expect(page.getByTestId("done-here")).toHaveText("1 done this session");

  const rows = await query<{ ranking: string[][] }>(
    `SELECT a.ranking FROM annotations a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1`,
    [fixture.slugs.ranking],
  );
  const texts = new Map(
    (
      await query<{ id: string; text: string }>("SELECT id, text FROM completions WHERE id = ANY($1)", [
        rows[0]!.ranking.flat(),
      ])
    ).map((r) => [r.id, r.text.trim()]),
  );
  expect(rows[0]!.ranking.map((group) => group.map((id) => texts.get(id)).sort())).toEqual([[b], [a, c].sort()]);
});
