// Each labeler sees the replies in an order of their own and names them A, B in that order;
// the admin's item page shows every answer with the canonical letters and that labeler's.
import { expect, test, type Browser } from "@playwright/test";
import { admin, makeFixture, query, signIn } from "./helpers";

async function answerAs(
  browser: Browser,
  labeler: { email: string; password: string },
  slug: string,
  order: string[],
  comment: string,
) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, labeler.email, labeler.password);
  // Take the task, then fix the order this labeler is shown (it is random per lease).
  const claimed = await page.request.post(`/api/projects/${slug}/tasks/next`, {
    headers: { origin: new URL(page.url()).origin },
  });
  const { task } = (await claimed.json()) as { task: { id: string } };
  await query("UPDATE leases SET display_order = $1 WHERE id = $2", [order, task.id]);
  await page.goto(`/projects/${slug}/label`);
  // Paris is the better reply, shown to this labeler as A or B.
  const paris = (await page.getByTestId("completion-A").textContent())!.includes("Paris") ? "A" : "B";
  const lyon = paris === "A" ? "B" : "A";
  await page.getByRole("button", { name: `${paris} is better` }).click();
  await page.getByRole("button", { name: /Much better/ }).click();
  await page.getByTestId(`completion-${lyon}`).locator("summary").click();
  await page.getByLabel(`Hallucination (made-up facts) (reply ${lyon})`).check();
  await page.getByLabel("Comment (optional)").fill(comment);
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("done-here")).toHaveText("1 done this session");
  await context.close();
  return lyon;
}

test("the item page shows each answer with the letters that labeler saw, and an empty reply as such", async ({
  page,
  browser,
}) => {
  const fixture = makeFixture({
    kind: "comparison",
    overlap: 2,
    labelers: 2,
    items: [
      { messages: [{ role: "user", content: "Capital of France?" }], completions: ["Paris.", "Lyon, obviously."] },
      { messages: [{ role: "user", content: "Say nothing" }], completions: ["Nothing to say.", "placeholder"] },
      {
        messages: [
          { role: "user", content: "Hi there" },
          { role: "assistant", content: "Hello! How can I help?" },
          { role: "user", content: "Name a colour" },
        ],
        completions: ["Blue.", "Seven."],
      },
    ],
  });
  const ids = await query<{ id: string; text: string; item_id: string }>(
    `SELECT c.id, c.text, c.item_id FROM completions c JOIN items i ON i.id = c.item_id JOIN projects p ON p.id = i.project_id
      WHERE p.slug = $1 ORDER BY i.seq, c.position`,
    [fixture.slug],
  );
  const [paris, lyon, , placeholder] = ids as [(typeof ids)[0], (typeof ids)[0], (typeof ids)[0], (typeof ids)[0]];
  // An empty completion (importable since issue 10), written directly here.
  await query("UPDATE completions SET text = '' WHERE id = $1", [placeholder.id]);

  // The first labeler sees the import order (Paris = A); the second the reverse (Paris = B).
  expect(
    await answerAs(browser, fixture.labelers[0]!, fixture.slug, [paris.id, lyon.id], "Reply B names the wrong city"),
  ).toBe("B");
  expect(
    await answerAs(browser, fixture.labelers[1]!, fixture.slug, [lyon.id, paris.id], "Reply A names the wrong city"),
  ).toBe("A");

  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/projects/${fixture.slug}/items/${paris.item_id}`);
  const first = page.getByTestId("answer").filter({ hasText: fixture.labelers[0]!.email });
  const second = page.getByTestId("answer").filter({ hasText: fixture.labelers[1]!.email });
  // Canonical letters: Paris = A, Lyon = B. Each labeler's own letters beside them.
  await expect(first.getByTestId("answer-ranking")).toContainText("A (their A) > B (their B)");
  await expect(first.getByTestId("answer-flags")).toHaveText("Flags: B (their B): hallucination");
  await expect(first.getByTestId("answer-legend")).toHaveText("Their letters: their A = A, their B = B");
  await expect(first.getByTestId("answer-comment")).toContainText("Reply B names the wrong city");
  await expect(second.getByTestId("answer-ranking")).toContainText("A (their B) > B (their A)");
  await expect(second.getByTestId("answer-flags")).toHaveText("Flags: B (their A): hallucination");
  await expect(second.getByTestId("answer-legend")).toHaveText("Their letters: their A = B, their B = A");
  await expect(second.getByTestId("answer-comment")).toContainText("Reply A names the wrong city");

  // The item page is titled with the item's number within the project and walks the list.
  await expect(page.getByRole("heading", { name: "Item #1" })).toBeVisible();
  await expect(page.getByText("‹ Previous", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: "Next (#2) ›" }).click();
  await expect(page.getByRole("heading", { name: "Item #2" })).toBeVisible();
  await expect(page.getByRole("link", { name: "‹ Previous (#1)" })).toBeVisible();
  // Within a filter: only the first item is done, so it has no neighbours there.
  await page.goto(`/admin/projects/${fixture.slug}/items/1?status=done`);
  await expect(page.getByRole("heading", { name: "Item #1" })).toBeVisible();
  await expect(page.getByText("Next ›", { exact: true })).toBeVisible();
  await page.getByRole("link", { name: /Items of/ }).click();
  await expect(page).toHaveURL(/\/items\?status=done$/);

  // The list: a header for every column, numbers, and a multi-turn prompt's earlier turns.
  await page.goto(`/admin/projects/${fixture.slug}/items`);
  await expect(page.getByTestId("items-table").locator("thead th")).toHaveText([
    "#",
    "Prompt",
    "Status",
    "Answers",
    "Agreement",
    "Completions",
  ]);
  const multi = page.getByTestId("items-table").locator("tbody tr").nth(2);
  await expect(multi.locator("td").first()).toHaveText("#3");
  await expect(multi.getByRole("link", { name: "Name a colour" })).toBeVisible();
  await multi.getByText("2 earlier turns").click();
  await expect(multi.getByTestId("earlier-turns")).toContainText("assistant: Hello! How can I help?");

  await page.goto(`/admin/projects/${fixture.slug}/items/${placeholder.item_id}`);
  await expect(page.getByTestId("item-completion-A")).toContainText("Nothing to say.");
  await expect(page.getByTestId("item-completion-B")).toContainText("(empty reply)");
  await expect(page.getByLabel("Expected best")).toContainText("B: (empty reply)");
});
