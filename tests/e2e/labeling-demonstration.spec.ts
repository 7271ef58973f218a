import { expect, test } from "@playwright/test";
import { makeFixture, query, signIn } from "./helpers";

test("a demonstration being written survives a reload and another device, then submits", async ({ page, browser }) => {
  const fixture = makeFixture({
    kind: "demonstration",
    minDemoLength: 30,
    guidelines: "# Be helpful\n\nAnswer **directly**.",
    items: [
      {
        messages: [
          { role: "user", content: "What is a hash table?" },
          { role: "assistant", content: "Do you know arrays?" },
          { role: "user", content: "Yes." },
        ],
      },
      { messages: [{ role: "user", content: "Next prompt" }] },
    ],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("conversation").locator("li")).toHaveCount(3);
  await expect(page.getByRole("complementary", { name: "Guidelines" })).toContainText("Answer directly.");

  const editor = page.getByLabel("Your reply (markdown)");
  await expect(editor).toHaveAttribute("maxlength", "100000");
  // Nothing was restored: the draft line must not say so, before or after typing.
  await expect(page.getByTestId("save-status")).toHaveText("Drafts save automatically");
  await editor.fill("A hash table maps **keys**");
  await expect(page.getByTestId("save-status")).not.toHaveText("Draft restored");
  await expect(page.getByTestId("word-count")).toHaveText("5 words · 26 characters");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("notice")).toHaveText("At least 30 characters (26 so far)");
  await expect(page.getByTestId("save-status")).toContainText("Draft saved", { timeout: 10_000 });

  await page.reload();
  await expect(page.getByLabel("Your reply (markdown)")).toHaveValue("A hash table maps **keys**");
  await expect(page.getByTestId("save-status")).toHaveText("Draft restored");
  // The time spent before the reload was kept with the draft (the clock resumes, not restarts).
  await expect
    .poll(
      async () =>
        (
          await query<{ ms: number }>(
            "SELECT time_spent_ms AS ms FROM drafts d JOIN items i ON i.id = d.item_id JOIN projects p ON p.id = i.project_id WHERE p.slug = $1",
            [fixture.slug],
          )
        )[0]?.ms ?? 0,
    )
    .toBeGreaterThan(1000);

  // Another browser (no local copy): the server's draft and the same task come back.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, labeler.email, labeler.password);
  await otherPage.goto(`/projects/${fixture.slug}/label`);
  await expect(otherPage.getByLabel("Your reply (markdown)")).toHaveValue("A hash table maps **keys**");
  await other.close();

  // A crash before the server save: the copy kept in this browser is restored.
  await page.getByLabel("Your reply (markdown)").fill("A hash table maps **keys** to values, like a dictionary.");
  await page.reload();
  const editorAgain = page.getByLabel("Your reply (markdown)");
  await expect(editorAgain).toHaveValue("A hash table maps **keys** to values, like a dictionary.");

  await page.keyboard.press("Alt+p");
  await expect(page.getByTestId("preview").locator("strong")).toHaveText("keys");
  await page.keyboard.press("Alt+p");
  await page.getByLabel("Your reply (markdown)").press("Control+Enter");
  await expect(page.getByTestId("conversation")).toContainText("Next prompt");
  await expect(page.getByLabel("Your reply (markdown)")).toHaveValue("");

  const rows = await query<{ text: string; drafts: number }>(
    `SELECT a.text, (SELECT count(*)::int FROM drafts d WHERE d.item_id = a.item_id AND d.labeler_id = a.labeler_id) AS drafts
       FROM annotations a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1`,
    [fixture.slug],
  );
  expect(rows).toEqual([{ text: "A hash table maps **keys** to values, like a dictionary.", drafts: 0 }]);
});
