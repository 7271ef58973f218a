// Peer review as a reviewer (docs/GUIDE.md, "Reviewing demonstrations"): the admin sends every
// demonstration to review and makes a labeler a reviewer; the reviewer accepts, edits and rejects
// with the keyboard; the author sees each outcome; the Quality tab shows the acceptance rate.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { admin, makeFixture, shoot, signIn } from "./helpers";

test("review as a reviewer: accept, edit, reject; the author sees it", async ({ page, browser }) => {
  const fixture = makeFixture({
    kind: "demonstration",
    labelers: 2,
    items: [1, 2, 3].map((n) => ({ messages: [{ role: "user", content: `Question ${n}` }] })),
  });
  const [author, reviewer] = fixture.labelers as [(typeof fixture.labelers)[0], (typeof fixture.labelers)[0]];

  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/projects/${fixture.slug}?tab=settings`);
  const settings = page.getByRole("form", { name: "Peer review" });
  await expect(settings).toContainText("No member is a reviewer yet.");
  await settings.getByLabel("Demonstrations reviewed (%)").fill("100");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(settings.getByRole("status")).toHaveText("Saved: 100% of new demonstrations go to a reviewer.");
  await page.goto(`/admin/projects/${fixture.slug}?tab=members`);
  await page.getByRole("button", { name: `Make reviewer: ${reviewer.email}` }).click();
  await expect(page.getByTestId(`reviewer-${reviewer.email}`)).toBeVisible();
  await shoot(page, "review-members");

  // The author writes three demonstrations (through the API, as the labeling page does).
  const authorContext = await browser.newContext();
  const authorPage = await authorContext.newPage();
  await signIn(authorPage, author.email, author.password);
  const origin = { origin: new URL(authorPage.url()).origin };
  for (const text of ["Plain **good** answer", "An answer with a tpyo", "<script>alert(1)</script> off topic"]) {
    const claim = await authorPage.request.post(`/api/projects/${fixture.slug}/tasks/next`, { headers: origin });
    const { task } = (await claim.json()) as { task: { id: string } };
    const submit = await authorPage.request.post(`/api/tasks/${task.id}/submit`, {
      headers: { ...origin, "idempotency-key": randomUUID() },
      data: { text },
    });
    expect(submit.status()).toBe(201);
  }

  const reviewerContext = await browser.newContext();
  const review = await reviewerContext.newPage();
  await signIn(review, reviewer.email, reviewer.password);
  await review.getByTestId(`project-card-${fixture.slug}`).getByRole("link", { name: "Review" }).click();
  await expect(review.getByTestId("review-pending")).toHaveText(" · 3 waiting for you");
  const text = review.getByTestId("review-text");
  // Markdown as text: bold rendered, markup never run.
  await expect(text.locator("strong")).toHaveText("good");
  await shoot(review, "review-queue");
  await review.keyboard.press("a");
  await expect(review.getByTestId("review-notice")).toContainText("Accepted.");
  await expect(text).toContainText("tpyo");
  await review.keyboard.press("e");
  const editor = review.getByLabel("Your edited version");
  await expect(editor).toBeFocused();
  await editor.fill("An answer with a typo fixed");
  await review.keyboard.press("Control+Enter");
  await expect(review.getByTestId("review-notice")).toContainText("Your edit was saved.");
  await expect(text).toContainText("<script>alert(1)</script> off topic");
  await review.keyboard.press("r");
  await review.keyboard.press("Control+Enter");
  await expect(review.getByTestId("review-problem")).toHaveText("Say why you reject it: the author sees your reason.");
  await review.getByLabel(/Why reject it\?/).fill("Off topic: it does not answer the question.");
  await shoot(review, "review-reject");
  await review.keyboard.press("Control+Enter");
  await expect(review.getByTestId("review-notice")).toContainText("Rejected.");
  await expect(review.getByTestId("no-reviews-waiting")).toBeVisible();

  // The author sees each outcome with the reason and the reviewer's version.
  await authorPage.goto("/answers");
  const feedback = authorPage.getByTestId("answer-review");
  await expect(feedback).toHaveCount(3);
  await expect(authorPage.getByTestId("review-reason")).toHaveText("Off topic: it does not answer the question.");
  await authorPage.getByText("The reviewer's version").click();
  await expect(authorPage.getByTestId("review-edited-text")).toHaveText("An answer with a typo fixed");
  await expect(authorPage.locator('[data-status="accepted"]')).toContainText("Accepted by a reviewer");
  await shoot(authorPage, "review-feedback");

  await page.goto(`/admin/projects/${fixture.slug}?tab=quality`);
  await expect(page.getByTestId(`acceptance-${author.email}`)).toHaveText("67%");
  await shoot(page, "review-quality");
  await authorContext.close();
  await reviewerContext.close();
});
