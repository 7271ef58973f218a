// The labeler quality program (docs/QUALITY.md) in the browser: a labeler qualifies, gets
// training feedback before the next task; another is paused by an attention check, sees why,
// and the admin unpauses them from the alert on the project page (audited).
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { admin, makeFixture, query, shoot, signIn } from "./helpers";

type Task = { id: string; item: { completions: { id: string; text: string }[] } };

/** Picks the reply containing `text` in the comparison view and submits it as much better. */
async function choose(page: Page, text: string) {
  const letter = (await page.getByTestId("completion-A").textContent())!.includes(text) ? "A" : "B";
  await page.getByRole("button", { name: `${letter} is better` }).click();
  await page.getByRole("button", { name: /Much better/ }).click();
  await page.getByRole("button", { name: "Submit" }).click();
  return letter;
}

test("qualification and training as a labeler; an attention pause, its alert and the admin's unpause; a fail overridden", async ({
  page,
  browser,
}) => {
  const fixture = makeFixture({
    kind: "comparison",
    labelers: 3,
    items: [
      { messages: [{ role: "user", content: "Qualify: the capital of France?" }], completions: ["Paris.", "Lyon."] },
      { messages: [{ role: "user", content: "Train: what is 2 + 2?" }], completions: ["Five.", "Four."] },
      { messages: [{ role: "user", content: "Check: answer with blue" }], completions: ["blue", "red"] },
      { messages: [{ role: "user", content: "A real question" }], completions: ["one", "two"] },
      { messages: [{ role: "user", content: "Another real question" }], completions: ["three", "four"] },
    ],
  });
  const slug = fixture.slug;
  // The admin sets the gold items and the settings through the API (the CLI does the same: quality-cli.test.ts).
  const adminContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  await signIn(adminPage, admin().email, admin().password);
  const adminOrigin = { origin: new URL(adminPage.url()).origin };
  const items = await query<{ number: number; id: string; completions: string[] }>(
    `SELECT i.number, i.id, ARRAY(SELECT c.id::text FROM completions c WHERE c.item_id = i.id ORDER BY c.position) AS completions
       FROM items i JOIN projects p ON p.id = i.project_id WHERE p.slug = $1 ORDER BY i.number`,
    [slug],
  );
  const put = async (url: string, data: unknown) => {
    const response = await adminPage.request.put(url, { headers: adminOrigin, data });
    expect(response.status(), await response.text()).toBe(200);
    return response.json() as Promise<Record<string, Record<string, unknown>>>;
  };
  const gold = (n: number, role: string, best: number, explanation?: string) =>
    put(`/api/projects/${slug}/items/${items[n - 1]!.id}/gold`, {
      role,
      best: items[n - 1]!.completions[best],
      explanation,
    });
  await gold(1, "qualification", 0);
  await gold(2, "training", 1, "2 + 2 is four.");
  await gold(3, "attention", 0);
  const settings = `/api/projects/${slug}/quality/settings`;
  expect((await put(settings, { qualificationRequired: true, trainingItems: 1 })).quality).toMatchObject({
    status: "active",
    qualificationRequired: true,
  });

  // The first labeler: the qualification item first, then the training item with its feedback.
  const [first, second] = fixture.labelers as [(typeof fixture.labelers)[0], (typeof fixture.labelers)[0]];
  await signIn(page, first.email, first.password);
  // My projects says the qualification comes first, and counts its one question.
  await page.goto("/");
  const card = page.getByTestId(`project-card-${slug}`);
  await expect(card.getByTestId("gate")).toHaveText("Qualification first: the tasks left are its questions.");
  await expect(card.getByTestId("remaining")).toHaveText("1");
  await page.goto(`/projects/${slug}/label`);
  await expect(page.getByTestId("left-for-you-qualification")).toHaveText("qualification task, then the real ones");
  await expect(page.getByTestId("conversation")).toContainText("Qualify: the capital of France?");
  await choose(page, "Paris.");
  await expect(page.getByTestId("conversation")).toContainText("Train: what is 2 + 2?");
  const wrong = await choose(page, "Five.");
  const panel = page.getByTestId("training-feedback");
  await expect(panel.getByRole("heading", { level: 2 })).toHaveText("Training feedback (1 of 1)");
  await expect(panel.getByRole("status")).toHaveText("Your answer differs from the expected one.");
  await expect(panel.getByTestId("training-expected")).toHaveText(wrong === "A" ? "B" : "A");
  await expect(panel.getByTestId("training-explanation")).toHaveText("2 + 2 is four.");
  // The replies stay in view, the expected one marked, so "B" means something.
  const replies = panel.getByTestId("training-replies").getByRole("listitem");
  await expect(replies).toHaveCount(2);
  await expect(replies.filter({ hasText: "Four." })).toContainText("expected best");
  await expect(replies.filter({ hasText: "Five." })).not.toContainText("expected best");
  await shoot(page, "training-feedback");
  await expect(panel.getByRole("button", { name: "Next task" })).toBeFocused();
  await panel.getByRole("button", { name: "Next task" }).click();
  await expect(page.getByTestId("conversation")).toContainText("A real question");
  await expect(panel).toHaveCount(0);

  // The second labeler qualifies through the API, then misses an attention check (every task is one).
  await put(settings, { trainingItems: 0, attentionRate: 1, attentionWindow: 1, attentionThreshold: 1 });
  const context = await browser.newContext();
  const labeler = await context.newPage();
  await signIn(labeler, second.email, second.password);
  const answerAs = async (who: typeof labeler, pick: string) => {
    const from = { origin: new URL(who.url()).origin };
    const task = (
      (await (await who.request.post(`/api/projects/${slug}/tasks/next`, { headers: from })).json()) as {
        task: Task;
      }
    ).task;
    const chosen = task.item.completions.find((c) => c.text === pick)!;
    const other = task.item.completions.find((c) => c.text !== pick)!;
    const response = await who.request.post(`/api/tasks/${task.id}/submit`, {
      headers: { ...from, "idempotency-key": randomUUID() },
      data: { ranking: [[chosen.id], [other.id]], strength: 3 },
    });
    expect(response.status()).toBe(201);
  };
  const answer = (pick: string) => answerAs(labeler, pick);
  await answer("Paris.");
  await answer("red");
  await labeler.goto(`/projects/${slug}/label`);
  await expect(labeler.getByTestId("blocked")).toContainText("You are paused on this project");
  await expect(labeler.getByTestId("blocked").getByRole("button", { name: "Check again" })).toBeEnabled();

  // The admin sees the alert on the Overview and unpauses with a reason.
  await adminPage.goto(`/admin/projects/${slug}`);
  const alert = adminPage.getByTestId("paused-labelers");
  await expect(alert).toContainText("1 labeler is paused by attention checks");
  await expect(alert).toContainText(second.email);
  await expect(alert).toContainText("Attention checks: 0% correct over the last 1, below 100%");
  await shoot(adminPage, "paused-alert");
  await alert.getByLabel(`Reason for ${second.email}`).fill("Reviewed: a slip");
  await alert.getByRole("button", { name: `Unpause ${second.email}` }).click();
  await expect(alert).toHaveCount(0);
  const [audit] = await query<{ after: { reason: string } }>(
    `SELECT a.after FROM audit_events a JOIN projects p ON p.id = a.project_id
      WHERE p.slug = $1 AND a.action = 'qualification.override_unpause'`,
    [slug],
  );
  expect(audit?.after.reason).toBe("Reviewed: a slip");
  await labeler.reload();
  await expect(labeler.getByTestId("conversation")).toContainText("Another real question");
  await context.close();

  // A third labeler fails the qualification (no retry allowed); the admin passes them on their page.
  await put(settings, { attentionRate: 0 });
  const third = fixture.labelers[2]!;
  const failingContext = await browser.newContext();
  const failing = await failingContext.newPage();
  await signIn(failing, third.email, third.password);
  await answerAs(failing, "Lyon.");
  await failing.goto(`/projects/${slug}/label`);
  /** Sets the third labeler's end of waiting (an SQL expression), as if the project had allowed a retry. */
  const retryAfter = (value: string) =>
    query(
      `UPDATE labeler_standings SET retry_after = ${value}
        WHERE labeler_id = (SELECT id FROM users WHERE email = $1)
          AND project_id = (SELECT id FROM projects WHERE slug = $2)`,
      [third.email, slug],
    );
  const blocked = failing.getByTestId("blocked");
  await expect(blocked).toContainText("You did not pass this project's qualification");
  await expect(blocked).toContainText("does not allow another attempt");
  // No attempt to offer: the one way on is back to the projects.
  await expect(blocked.getByRole("button")).toHaveCount(0);
  await failing.goto("/");
  const failedCard = failing.getByTestId(`project-card-${slug}`);
  await expect(failedCard.getByTestId("gate")).toHaveText("You did not pass this project's qualification.");
  await expect(failedCard.getByTestId("remaining")).toHaveText("0");
  await expect(failedCard.getByRole("link", { name: "Start labeling" })).toHaveCount(0);
  await shoot(failing, "home-not-qualified");
  // The answer the qualification was decided with can no longer change, and the page says why.
  await failing.goto(`/answers?project=${slug}`);
  await expect(failing.getByTestId("answer-locked")).toHaveText("Locked: your qualification was decided with it");
  await failing.goto(`/projects/${slug}/label`);
  // Had the project allowed one after a wait, the page counts down and opens the button when it ends.
  await retryAfter("now() + interval '2 hours 5 minutes'");
  await failing.reload();
  const attempt = blocked.getByRole("button", { name: "Start a new attempt" });
  await expect(blocked.getByTestId("retry-wait")).toHaveText(/^You can start a new attempt in 2 h [56] min\.$/);
  await expect(attempt).toBeDisabled();
  await shoot(failing, "qualification-wait");
  await retryAfter("now() + interval '3 seconds'");
  await failing.reload();
  await expect(blocked.getByTestId("retry-wait")).toHaveText("You can start a new attempt in less than a minute.");
  await expect(attempt).toBeDisabled();
  await expect(attempt).toBeEnabled({ timeout: 10_000 });
  await expect(blocked.getByTestId("retry-wait")).toHaveCount(0);
  await retryAfter("NULL");
  const [user] = await query<{ id: string }>("SELECT id FROM users WHERE email = $1", [third.email]);
  await adminPage.goto(`/admin/projects/${slug}?tab=members`);
  const standing = adminPage.getByTestId("standings");
  await expect(standing.getByRole("row", { name: new RegExp(third.email) })).toContainText("failed");
  await shoot(adminPage, "members-standing");
  await adminPage.goto(`/admin/users/${user!.id}`);
  const results = adminPage.getByTestId(`qualification-${slug}`);
  await expect(results).toContainText("failed");
  await shoot(adminPage, "qualification-results");
  await results.getByLabel(`Reason for the labeler in ${slug}`).fill("Passed the interview instead");
  await results.getByRole("button", { name: `Pass the labeler in ${slug}` }).click();
  await expect(results).toContainText("passed");
  const [pass] = await query<{ after: { reason: string } }>(
    `SELECT a.after FROM audit_events a JOIN projects p ON p.id = a.project_id
      WHERE p.slug = $1 AND a.action = 'qualification.override_pass'`,
    [slug],
  );
  expect(pass?.after.reason).toBe("Passed the interview instead");
  // The gate is open: no notice any more, and (the real items being answered) the queue's empty state.
  await failing.reload();
  await expect(failing.getByText("Nothing left for you here")).toBeVisible();
  await expect(failing.getByTestId("blocked")).toHaveCount(0);
  await failingContext.close();
  await adminContext.close();
});
