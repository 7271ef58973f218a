import { execFileSync } from "node:child_process";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { admin, makeFixture, signIn } from "./helpers";

function sendFeedback(slug: string, events: unknown[]) {
  const root = path.resolve(__dirname, "..", "..");
  const output = execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/e2e/support/feedback-fixture.ts", slug, JSON.stringify(events)],
    { cwd: root, env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL }, encoding: "utf8" },
  );
  return JSON.parse(output) as { accepted: number; routed: number };
}

/** Screenshots at a phone's and a laptop's width, when asked for (SCREENSHOTS=dir). */
async function shoot(page: Page, name: string) {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: path.join(dir, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("thumbs-down feedback is routed to a demonstration project, confirmed or corrected, and counted", async ({
  page,
  browser,
}) => {
  const target = makeFixture({ kind: "demonstration", items: [], labelers: 1 });
  const source = makeFixture({ kind: "comparison", items: [], labelers: 0 });

  // The admin routes every thumbs-down to the demonstration project.
  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/projects/${source.slug}?tab=settings`);
  const form = page.getByTestId("feedback-settings");
  await form.getByRole("button", { name: "Add a pattern" }).click();
  await form.getByLabel("Pattern 1 name").fill("order_id");
  await form.getByLabel("Pattern 1 expression").fill("ORD-(\\d+");
  await expect(form.getByText(/This pattern does not compile/)).toBeVisible();
  await expect(form.getByRole("button", { name: "Save feedback settings" })).toBeDisabled();
  await form.getByLabel("Pattern 1 expression").fill("ORD-\\d+");
  await form.getByRole("button", { name: "Add a rule" }).click();
  await form.getByLabel("Rule 1: when").selectOption("down");
  await form.getByLabel("Review in").selectOption(target.slug);
  await expect(form.getByText("Labelers see the reply and confirm it or write a correction.")).toBeVisible();
  await form.getByRole("button", { name: "Save feedback settings" }).click();
  await expect(form.getByTestId("form-message")).toHaveText("Saved the feedback settings.");
  // What was saved stays on screen, and a reload reads it back.
  await expect(form.getByLabel("Review in")).toHaveValue(target.slug);
  await page.reload();
  await expect(page.getByTestId("feedback-settings").getByLabel("Review in")).toHaveValue(target.slug);
  await expect(page.getByTestId("feedback-settings").getByLabel("Pattern 1 expression")).toHaveValue("ORD-\\d+");
  await shoot(page, "feedback-settings");

  const result = sendFeedback(source.slug, [
    { id: "evt-1", rating: "down", response: "The capital of Australia is Sydney.", user: "u-private-7", model: "m1" },
    { id: "evt-2", rating: "down", response: "Water boils at 100 °C at sea level.", model: "m1" },
    { id: "evt-3", rating: "up", response: "Hello!", model: "m2" },
  ]);
  expect(result).toEqual({ accepted: 3, duplicates: 0, routed: 2 });

  // The labeler confirms one reply and corrects the other; they never see who sent it.
  const labelerContext = await browser.newContext();
  const labeler = await labelerContext.newPage();
  await signIn(labeler, target.labelers[0]!.email, target.labelers[0]!.password);
  await labeler.goto(`/projects/${target.slug}/label`);
  for (let i = 0; i < 2; i++) {
    const review = labeler.getByTestId("reply-under-review");
    await expect(review).toBeVisible();
    await expect(labeler.locator("body")).not.toContainText("u-private-7");
    const reply = (await review.textContent()) ?? "";
    await review.getByRole("button", { name: "Start from this reply" }).click();
    await expect(labeler.getByTestId("review-hint")).toHaveText("Unchanged: submitting confirms this reply.");
    if (i === 0) await shoot(labeler, "feedback-review-task");
    if (reply.includes("Sydney")) {
      await labeler.getByLabel("Your reply (markdown)").fill("The capital of Australia is Canberra.");
      await expect(labeler.getByTestId("review-hint")).toHaveText("Changed: submitting records your correction.");
    }
    await labeler.getByLabel("Your reply (markdown)").press("Control+Enter");
    // The next task's reply, not started yet.
    if (i === 0) await expect(labeler.getByTestId("review-hint")).toHaveText(/^Start from this reply and submit/);
  }
  await expect(labeler.getByTestId("reply-under-review")).toHaveCount(0);
  await labelerContext.close();

  // The feedback page counts the events, the routing and the answers.
  await page.goto(`/admin/projects/${source.slug}?tab=feedback`);
  await expect(page.getByTestId("feedback-totals")).toContainText("Events3");
  const rule = page.getByTestId("feedback-rule-1");
  await expect(rule.locator("td").nth(2)).toHaveText("2");
  await expect(rule.locator("td").nth(5)).toHaveText("2 of 2");
  await expect(rule.locator("td").nth(6)).toHaveText("1");
  await expect(rule.locator("td").nth(7)).toHaveText("1");
  await expect(page.getByTestId("feedback-per-model")).toContainText("m1");
  await expect(page.getByTestId("feedback-recent").locator("li")).toHaveCount(3);
  await expect(page.locator("body")).not.toContainText("u-private-7");
  await shoot(page, "feedback-page");
});
