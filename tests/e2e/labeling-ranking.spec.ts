import { expect, test, type Page } from "@playwright/test";
import { makeFixture, query } from "./helpers";

const REPLIES = ["Best: clear and correct.", "Middle: correct but terse.", "Worst: wrong."];

/** The reply texts in the order the page shows them now. */
async function shownOrder(page: Page): Promise<string[]> {
  const texts = await page.getByTestId("ranking").locator("article").allTextContents();
  return texts.map((t) => REPLIES.find((r) => t.includes(r))!);
}

test("a labeler ranks replies, ties two, rates, flags, submits and skips, with the keyboard alone", async ({
  page,
}) => {
  const fixture = makeFixture({
    kind: "ranking",
    likertEnabled: true,
    items: [
      { messages: [{ role: "user", content: "Rank these replies" }], completions: REPLIES },
      { messages: [{ role: "user", content: "A task to skip" }], completions: ["x", "y"] },
    ],
  });
  const labeler = fixture.labelers[0]!;

  await page.goto("/login");
  await page.keyboard.type(labeler.email); // the email field has focus on load
  await page.keyboard.press("Tab");
  await page.keyboard.type(labeler.password);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { name: "My projects" })).toBeVisible();
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("href") ?? "");
    if (focused.endsWith(`/projects/${fixture.slug}/label`)) break;
  }
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("conversation")).toContainText("Rank these replies");

  // T ties with the reply above, as the help says: the top reply has none, so nothing changes.
  const first = (await shownOrder(page))[0]!;
  await page.keyboard.press("t");
  await expect(page.getByText("Tied")).toHaveCount(0);
  expect((await shownOrder(page))[0]).toBe(first);
  // A digit moves the selected reply straight to that rank.
  await page.keyboard.press("3");
  await expect.poll(async () => (await shownOrder(page))[2]).toBe(first);

  // Put each reply in its place: select it (J/K), then move it up (Shift+↑).
  for (let target = 0; target < REPLIES.length; target += 1) {
    let order = await shownOrder(page);
    const cursorAt = await page
      .getByTestId("ranking")
      .locator("article")
      .evaluateAll((cards) => cards.findIndex((c) => c.classList.contains("border-indigo-500")));
    const from = order.indexOf(REPLIES[target]!);
    for (let i = cursorAt; i < from; i += 1) await page.keyboard.press("j");
    for (let i = cursorAt; i > from; i -= 1) await page.keyboard.press("k");
    for (let i = from; i > target; i -= 1) await page.keyboard.press("Shift+ArrowUp");
    order = await shownOrder(page);
    expect(order[target]).toBe(REPLIES[target]);
  }
  expect(await shownOrder(page)).toEqual(REPLIES);
  // The cursor is on the last reply placed (the worst): tie it with the middle one.
  await page.keyboard.press("t");
  await expect(page.getByTestId("group-1")).toContainText("Tied");
  await page.keyboard.press("f");
  await page.keyboard.press("Space");
  await page.keyboard.press("k");
  await page.keyboard.press("k");
  await page.keyboard.press("Shift+Digit7");
  await page.keyboard.press("?");
  await expect(page.getByTestId("shortcut-list")).toContainText("Tie the selected reply with the one above");
  await expect(page.getByTestId("shortcut-list")).toContainText("Move the selected reply straight to that rank");
  await page.keyboard.press("Escape");
  // A reload keeps the order, the tie, the rating and the flag.
  await expect(page.getByTestId("save-status")).toContainText("Draft saved", { timeout: 10_000 });
  await page.reload();
  await expect(page.getByTestId("save-status")).toHaveText("Draft restored");
  expect(await shownOrder(page)).toEqual(REPLIES);
  await expect(page.getByTestId("group-1")).toContainText("Tied");
  await expect(page.getByTestId("hint")).toHaveText("Ready to submit.");
  await expect(page.getByTestId("shortcut-list")).toHaveCount(0);
  await page.keyboard.press("Control+Enter");

  await expect(page.getByTestId("conversation")).toContainText("A task to skip");
  await page.keyboard.press("Alt+s");
  await expect(page.getByRole("dialog", { name: "Skip this task" })).toBeVisible();
  await page.keyboard.press("Space"); // the first reason has focus; nothing is chosen for the labeler
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  const ids = Object.fromEntries(
    (
      await query<{ id: string; text: string }>(
        "SELECT c.id, c.text FROM completions c JOIN items i ON i.id = c.item_id JOIN projects p ON p.id = i.project_id WHERE p.slug = $1",
        [fixture.slug],
      )
    ).map((c) => [c.text, c.id]),
  );
  const [annotation] = await query<{
    ranking: string[][];
    ratings: Record<string, number>;
    flags: Record<string, string[]>;
  }>(
    "SELECT a.ranking, a.ratings, a.flags FROM annotations a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1",
    [fixture.slug],
  );
  expect(annotation!.ranking).toEqual([[ids[REPLIES[0]!]], [ids[REPLIES[1]!], ids[REPLIES[2]!]]]);
  expect(annotation!.ratings).toEqual({ [ids[REPLIES[0]!]!]: 7 });
  expect(annotation!.flags).toEqual({ [ids[REPLIES[2]!]!]: ["fails_to_follow_instruction"] });
  const skips = await query<{ reason: string }>(
    "SELECT k.reason FROM skips k JOIN items i ON i.id = k.item_id JOIN projects p ON p.id = i.project_id WHERE p.slug = $1",
    [fixture.slug],
  );
  expect(skips).toEqual([{ reason: "I lack the expertise to judge this" }]);
});

test("a labeler orders and ties replies by drag and drop", async ({ page }) => {
  const fixture = makeFixture({
    kind: "ranking",
    items: [{ messages: [{ role: "user", content: "Drag these" }], completions: REPLIES }],
  });
  const labeler = fixture.labelers[0]!;
  await page.goto("/login");
  await page.getByLabel("Email").fill(labeler.email);
  await page.getByLabel("Password").fill(labeler.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "My projects" })).toBeVisible();
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("conversation")).toContainText("Drag these");

  const card = (text: string) => page.getByTestId("ranking").locator("article", { hasText: text });
  // While dragging, the target under the pointer is highlighted and nothing moves.
  const boxes = () =>
    page
      .getByTestId("ranking")
      .locator("article")
      // Page coordinates: hovering may scroll the page, which moves nothing.
      .evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().y + window.scrollY));
  const still = await boxes();
  await card(REPLIES[0]!).hover();
  await page.mouse.down();
  const gap = (await page.getByTestId("gap-0").boundingBox())!;
  await page.mouse.move(gap.x + gap.width / 2, gap.y + gap.height / 2, { steps: 5 });
  await expect(page.getByTestId("gap-0")).toHaveAttribute("data-drop-target", "true");
  await expect(page.locator("[data-drop-target]")).toHaveCount(1);
  expect(await boxes()).toEqual(still);
  await page.mouse.up();
  expect((await shownOrder(page))[0]).toBe(REPLIES[0]);
  await expect(page.locator("[data-drop-target]")).toHaveCount(0);
  // Drop the worst reply onto the group of the middle one: a tie.
  const order = await shownOrder(page);
  const middleGroup = order.indexOf(REPLIES[1]!);
  // As a hand does it: press, move in steps (a single jump may not start a drag), release.
  const drag = async (text: string, targetId: string) => {
    await card(text).hover();
    await page.mouse.down();
    const target = (await page.getByTestId(targetId).boundingBox())!;
    await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 5 });
    await expect(page.getByTestId(targetId)).toHaveAttribute("data-drop-target", "true");
    await page.mouse.up();
  };
  await drag(REPLIES[2]!, `group-${middleGroup}`);
  await expect(page.getByText("Tied")).toBeVisible();
  if ((await shownOrder(page))[0] !== REPLIES[0]) await drag(REPLIES[0]!, "gap-0");
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  const [annotation] = await query<{ ranking: string[][] }>(
    "SELECT a.ranking FROM annotations a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1",
    [fixture.slug],
  );
  const texts = Object.fromEntries(
    (await query<{ id: string; text: string }>("SELECT id, text FROM completions WHERE text = ANY($1)", [REPLIES])).map(
      (c) => [c.id, c.text],
    ),
  );
  const ranked = annotation!.ranking.map((group) => group.map((id) => texts[id]).sort());
  expect(ranked).toEqual([[REPLIES[0]], [REPLIES[1], REPLIES[2]].sort()]);
});
