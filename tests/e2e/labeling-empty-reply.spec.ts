import { expect, test, type Page } from "@playwright/test";
import { makeFixture, signIn } from "./helpers";

// Public HH-RLHF has empty final Assistant turns: an empty reply is data, and the labeler
// must see that it is empty rather than an empty box they might take for a rendering fault.

async function open(page: Page, kind: "comparison" | "ranking", completions: string[]) {
  const fixture = makeFixture({
    kind,
    items: [{ messages: [{ role: "user", content: `An item with an empty reply (${kind})` }], completions }],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("conversation")).toContainText("An item with an empty reply");
}

test("comparison: an empty reply is shown as (empty reply), also in the rewrite editor's label", async ({ page }) => {
  await open(page, "comparison", ["", "A reply with words in it."]);
  const empty = (await page.getByTestId("completion-A").textContent())!.includes("A reply with words") ? "B" : "A";
  const full = empty === "A" ? "B" : "A";
  await expect(page.getByTestId(`completion-${empty}`).getByTestId("empty-reply")).toHaveText("(empty reply)");
  await expect(page.getByTestId(`completion-${full}`).getByTestId("empty-reply")).toHaveCount(0);

  await page.keyboard.press(empty.toLowerCase());
  await page.keyboard.press("e");
  const editor = page.getByLabel(`Your improved version of reply ${empty} (empty reply)`);
  await expect(editor).toBeFocused();
  await expect(editor).toHaveValue("");
});

test("ranking: an empty or blank reply is shown as (empty reply)", async ({ page }) => {
  await open(page, "ranking", ["First full reply.", "", " \n "]);
  const cards = page.getByTestId("ranking").locator("article");
  await expect(cards).toHaveCount(3);
  await expect(page.getByTestId("ranking").getByTestId("empty-reply")).toHaveCount(2);
  await expect(page.getByTestId("ranking").getByTestId("empty-reply").first()).toHaveText("(empty reply)");
});

test("a one-line number like '56.' is shown as text inside its card, not as a list hanging outside", async ({
  page,
}) => {
  await open(page, "comparison", ["56.", "111."]);
  for (const side of ["A", "B"]) {
    const card = page.getByTestId(`completion-${side}`);
    await expect(card.locator("ol")).toHaveCount(0);
    const text = card.locator(".markdown p");
    await expect(text).toHaveText(/^(56|111)\.$/);
    const [cardBox, textBox] = [(await card.boundingBox())!, (await text.boundingBox())!];
    expect(textBox.x).toBeGreaterThanOrEqual(cardBox.x);
  }
});
