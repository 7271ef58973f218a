import { expect, test, type Page } from "@playwright/test";
import { makeFixture, query, signIn, type Fixture } from "./helpers";

// A rewrite belongs to the reply whose text seeded the editor: whatever happens to the choice
// or the order afterwards, the stored rewrite says it improves that reply, and when the
// choice moves away from it the labeler decides what to do with it.

async function startLabeling(page: Page, fixture: Fixture, prompt: string) {
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("conversation")).toContainText(prompt);
}

/** Completion ids of the fixture's project, by text. */
async function completionIds(slug: string): Promise<Record<string, string>> {
  const rows = await query<{ id: string; text: string }>(
    `SELECT c.id, c.text FROM completions c JOIN items i ON i.id = c.item_id JOIN projects p ON p.id = i.project_id
      WHERE p.slug = $1 AND c.annotation_id IS NULL`,
    [slug],
  );
  return Object.fromEntries(rows.map((r) => [r.text, r.id]));
}

/** The one annotation of the project and the rewrite stored with it. */
async function stored(slug: string) {
  const [annotation] = await query<{ id: string; ranking: string[][] }>(
    "SELECT a.id, a.ranking FROM annotations a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1",
    [slug],
  );
  const rewrites = await query<{ text: string; edited_from_id: string }>(
    "SELECT text, edited_from_id FROM completions WHERE annotation_id = $1",
    [annotation!.id],
  );
  return { ranking: annotation!.ranking, rewrites };
}

const COMPARISON = ["The first reply, as written by model one.", "The second reply, as written by model two."];

async function comparisonFixture() {
  const fixture = makeFixture({
    kind: "comparison",
    items: [{ messages: [{ role: "user", content: "Compare and rewrite" }], completions: COMPARISON }],
  });
  return fixture;
}

/** The text each letter shows (the display order is shuffled per labeler). */
async function textOf(page: Page, testId: string, candidates: string[]) {
  const shown = (await page.getByTestId(testId).textContent())!;
  return candidates.find((c) => shown.includes(c))!;
}

test("comparison: after A is rewritten and B chosen, the labeler keeps the rewrite of A, and it is stored as A's", async ({
  page,
}) => {
  const fixture = await comparisonFixture();
  await startLabeling(page, fixture, "Compare and rewrite");
  const textA = await textOf(page, "completion-A", COMPARISON);
  const textB = await textOf(page, "completion-B", COMPARISON);

  await page.keyboard.press("a");
  await page.keyboard.press("2");
  await page.keyboard.press("e");
  const editor = page.getByLabel("Your improved version of reply A");
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue(textA);
  await editor.fill("Reply A, improved by the labeler.");
  // Leave the editor with the keyboard, then choose B.
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("b");

  const conflict = page.getByTestId("rewrite-conflict");
  await expect(conflict).toContainText("You rewrote reply A");
  await expect(page.getByTestId("hint")).toHaveText("Keep your rewrite of reply A, or start again from reply B");
  // Nothing is sent until the labeler decides.
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("notice")).toHaveText("Keep your rewrite of reply A, or start again from reply B");

  await conflict.getByRole("button", { name: "Keep my rewrite of reply A" }).click();
  await expect(conflict).toHaveCount(0);
  await expect(page.getByLabel("Your improved version of reply A")).toHaveValue("Reply A, improved by the labeler.");
  await expect(page.getByTestId("hint")).toHaveText("Ready to submit.");
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  const ids = await completionIds(fixture.slug);
  const { ranking, rewrites } = await stored(fixture.slug);
  expect(ranking).toEqual([[ids[textB]], [ids[textA]]]);
  expect(rewrites).toEqual([{ text: "Reply A, improved by the labeler.", edited_from_id: ids[textA] }]);
});

test("comparison: after A is rewritten and B chosen, the labeler starts again from B, and the rewrite is stored as B's", async ({
  page,
}) => {
  const fixture = await comparisonFixture();
  await startLabeling(page, fixture, "Compare and rewrite");
  const textA = await textOf(page, "completion-A", COMPARISON);
  const textB = await textOf(page, "completion-B", COMPARISON);

  await page.getByRole("button", { name: "A is better" }).click();
  await page.getByRole("button", { name: /Clearly better/ }).click();
  await page.getByRole("button", { name: /Improve reply A/ }).click();
  await page.getByLabel("Your improved version of reply A").fill("Reply A, improved by the labeler.");
  await page.getByRole("button", { name: "B is better" }).click();

  const conflict = page.getByTestId("rewrite-conflict");
  await conflict.getByRole("button", { name: "Start again from reply B" }).click();
  await expect(conflict).toHaveCount(0);
  const editor = page.getByLabel("Your improved version of reply B");
  await expect(editor).toHaveValue(textB);
  await editor.fill("Reply B, improved by the labeler.");
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  const ids = await completionIds(fixture.slug);
  const { ranking, rewrites } = await stored(fixture.slug);
  expect(ranking).toEqual([[ids[textB]], [ids[textA]]]);
  expect(rewrites).toEqual([{ text: "Reply B, improved by the labeler.", edited_from_id: ids[textB] }]);
});

test("comparison: an editor left untouched follows the new choice without asking", async ({ page }) => {
  const fixture = await comparisonFixture();
  await startLabeling(page, fixture, "Compare and rewrite");
  const textB = await textOf(page, "completion-B", COMPARISON);

  await page.keyboard.press("a");
  await page.keyboard.press("e");
  await expect(page.getByLabel("Your improved version of reply A")).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("b");
  await expect(page.getByTestId("rewrite-conflict")).toHaveCount(0);
  await expect(page.getByLabel("Your improved version of reply B")).toHaveValue(textB);
});

const RANKING = ["Ranked reply number one.", "Ranked reply number two.", "Ranked reply number three."];

async function rankingFixture() {
  return makeFixture({
    kind: "ranking",
    items: [{ messages: [{ role: "user", content: "Rank and rewrite" }], completions: RANKING }],
  });
}

/** The letters of the cards in the order the page shows them now. */
async function shownLetters(page: Page) {
  const labels = await page
    .getByTestId("ranking")
    .locator("article")
    .evaluateAll((cards) => cards.map((c) => c.getAttribute("data-testid")!.replace("card-", "")));
  return labels;
}

test("ranking: the order changes after the editor opens; the labeler keeps the rewrite of the reply it came from", async ({
  page,
}) => {
  const fixture = await rankingFixture();
  await startLabeling(page, fixture, "Rank and rewrite");
  const text = { A: await textOf(page, "card-A", RANKING), B: await textOf(page, "card-B", RANKING) };
  const textC = await textOf(page, "card-C", RANKING);

  // The cursor starts on A, ranked best as shown.
  await page.keyboard.press("o");
  await page.keyboard.press("e");
  const editor = page.getByLabel("Your improved version of reply A");
  await expect(editor).toHaveValue(text.A);
  await editor.fill("Reply A, improved.");
  // Back to the ranking: A moves down, B is now best.
  await page.getByTestId("card-A").locator("h2").click();
  await page.keyboard.press("Shift+ArrowDown");
  expect(await shownLetters(page)).toEqual(["B", "A", "C"]);

  const conflict = page.getByTestId("rewrite-conflict");
  await expect(conflict).toContainText("You rewrote reply A");
  await expect(page.getByTestId("hint")).toHaveText("Keep your rewrite of reply A, or start again from reply B");
  await conflict.getByRole("button", { name: "Keep my rewrite of reply A" }).click();
  await expect(page.getByLabel("Your improved version of reply A")).toHaveValue("Reply A, improved.");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  const ids = await completionIds(fixture.slug);
  const { ranking, rewrites } = await stored(fixture.slug);
  expect(ranking).toEqual([[ids[text.B]], [ids[text.A]], [ids[textC]]]);
  expect(rewrites).toEqual([{ text: "Reply A, improved.", edited_from_id: ids[text.A] }]);
});

test("ranking: the rewritten reply ties into a top group led by another; the rewrite stays its own", async ({
  page,
}) => {
  const fixture = await rankingFixture();
  await startLabeling(page, fixture, "Rank and rewrite");
  const text = { A: await textOf(page, "card-A", RANKING), B: await textOf(page, "card-B", RANKING) };
  const textC = await textOf(page, "card-C", RANKING);

  await page.keyboard.press("e");
  await page.getByLabel("Your improved version of reply A").fill("Reply A, improved.");
  // 1 moves B to the top; T on A then ties it with the reply above: the top group is [B, A].
  await page.getByTestId("card-B").locator("h2").click();
  await page.keyboard.press("1");
  await page.getByTestId("card-A").locator("h2").click();
  await page.keyboard.press("t");
  await expect(page.getByTestId("group-0")).toContainText("Tied");
  expect(await shownLetters(page)).toEqual(["B", "A", "C"]);

  // A is still among the best: nothing to decide, and the editor still says whose rewrite it is.
  await expect(page.getByTestId("rewrite-conflict")).toHaveCount(0);
  await expect(page.getByLabel("Your improved version of reply A")).toHaveValue("Reply A, improved.");
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("queue-empty")).toBeVisible();

  const ids = await completionIds(fixture.slug);
  const { ranking, rewrites } = await stored(fixture.slug);
  expect(ranking).toEqual([[ids[text.B], ids[text.A]], [ids[textC]]]);
  expect(rewrites).toEqual([{ text: "Reply A, improved.", edited_from_id: ids[text.A] }]);
});
