import { expect, test } from "@playwright/test";
import { makeFixture, query, signIn } from "./helpers";

test("after a submit, Back reopens the answer in edit mode; the change is saved and listed", async ({ page }) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [
      { messages: [{ role: "user", content: "First question" }], completions: ["Alpha reply", "Beta reply"] },
      { messages: [{ role: "user", content: "Second question" }], completions: ["one", "two"] },
    ],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("conversation")).toContainText("First question");
  await page.getByRole("button", { name: "A is better" }).click();
  await page.getByRole("button", { name: /Slightly better/ }).click();
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("conversation")).toContainText("Second question");

  // Back: the previous answer, in edit mode, as submitted (A chosen, slightly).
  await page.goBack();
  await expect(page).toHaveURL(/\?answer=/);
  const editor = page.getByTestId("answer-editor");
  await expect(editor.getByTestId("conversation")).toContainText("First question");
  await expect(editor.getByTestId("edit-status")).toContainText(/You can change it: \d+:\d\d left/);
  await expect(editor.getByTestId("completion-A")).toContainText("Better");
  await expect(page.getByTestId("edit-hint")).toHaveText("Save to replace your answer.");
  await editor.getByRole("button", { name: "B is better" }).click();
  await editor.getByRole("button", { name: /Much better/ }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("edit-notice")).toContainText("Saved.");
  await expect(editor).toContainText("changed 1 time");

  const [answer] = await query<{ id: string; ranking: string[][]; strength: number; revision: number }>(
    `SELECT a.id, a.ranking, a.strength, a.revision FROM annotations a JOIN users u ON u.id = a.labeler_id
      WHERE u.email = $1`,
    [labeler.email],
  );
  expect(answer).toMatchObject({ strength: 3, revision: 2 });
  const kept = await query<{ revision: number; strength: number }>(
    "SELECT revision, strength FROM answer_revisions WHERE annotation_id = $1",
    [answer!.id],
  );
  expect(kept).toEqual([{ revision: 1, strength: 1 }]);

  // Continue labeling: the task in hand is still there, as it was left.
  await page.getByRole("button", { name: "Continue labeling" }).click();
  await expect(page.getByTestId("conversation")).toContainText("Second question");
  await expect(page.getByTestId("answer-editor")).toHaveCount(0);

  await page.getByRole("link", { name: "My recent answers" }).click();
  const row = page.getByTestId("recent-answer").filter({ hasText: "First question" });
  await expect(row.getByTestId("answer-changed")).toHaveText("changed 1×");
  await expect(row.getByRole("link", { name: /^Edit/ })).toHaveAttribute(
    "href",
    `/projects/${fixture.slug}/label?answer=${answer!.id}`,
  );
});
