import { expect, test } from "@playwright/test";
import { makeFixture, query, signIn } from "./helpers";
import { LABELING_JS_BUDGET_BYTES, weighScripts } from "./support/script-weight";

test("a labeler compares two replies, rates, flags and rewrites, and submits", async ({ page, browser, baseURL }) => {
  const fixture = makeFixture({
    kind: "comparison",
    likertEnabled: true,
    items: [
      {
        messages: [{ role: "user", content: "What is the capital of France?" }],
        completions: ["Paris.", "Lyon, obviously."],
      },
      {
        // A prompt in which the assistant called a tool and got its result.
        messages: [
          { role: "user", content: "Second question" },
          {
            role: "assistant",
            content: "",
            tool_calls: [
              {
                id: "call_1",
                type: "function",
                function: { name: "get_weather", arguments: '{"city":"Paris","unit":"celsius"}' },
              },
            ],
          },
          { role: "tool", tool_call_id: "call_1", content: "<b>18 degrees</b>" },
        ],
        completions: ["one", "two"],
      },
    ],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  const card = page.getByTestId(`project-card-${fixture.slug}`);
  await expect(card.getByTestId("remaining")).toHaveText("2");
  await card.getByRole("link", { name: "Start labeling" }).click();
  await expect(page.getByTestId("conversation")).toContainText("What is the capital of France?");
  // Opening a task leaves "Left for you" as it was; the task timer runs.
  await expect(page.getByTestId("left-for-you")).toHaveText("2");
  await expect(page.getByTestId("task-timer")).toHaveText(/^0:0\d$/);

  const good = (await page.getByTestId("completion-A").textContent())!.includes("Paris.") ? "A" : "B";
  const bad = good === "A" ? "B" : "A";
  await expect(page.getByTestId("hint")).toHaveText("Choose A, B, or a tie");
  await expect(page.getByTestId("save-status")).toHaveText("Drafts save automatically");
  // Submitting too early says what is missing, without moving the task on the page; the
  // notice goes as soon as the labeler acts on it.
  const top = async () => (await page.getByTestId("conversation").boundingBox())!.y;
  const before = await top();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("notice")).toHaveText("Choose A, B, or a tie");
  expect(await top()).toBe(before);
  await page.getByRole("button", { name: `${good} is better` }).click();
  await expect(page.getByTestId("notice")).toHaveCount(0);
  expect(await top()).toBe(before);
  await expect(page.getByTestId("hint")).toHaveText("Say how much better");
  await page.getByRole("button", { name: /Much better/ }).click();
  await page.getByTestId(`completion-${good}`).locator("label", { hasText: /^6$/ }).click();
  await page.getByTestId(`completion-${bad}`).locator("label", { hasText: /^2$/ }).click();
  await page.getByTestId(`completion-${bad}`).locator("summary").click();
  await page.getByLabel(`Hallucination (made-up facts) (reply ${bad})`).check();
  await page.getByRole("button", { name: new RegExp(`Improve reply ${good}, the better one`) }).click();
  await page.getByLabel(`Your improved version of reply ${good}`).fill("Paris is the capital of France.");
  await page.getByLabel("Comment (optional)").fill("Lyon is not the capital");
  await expect(page.getByTestId("hint")).toHaveText("Ready to submit.");

  // A reload loses nothing: choice, strength, ratings, flags, rewrite (of the same reply), comment.
  await expect(page.getByTestId("save-status")).toContainText("Draft saved", { timeout: 10_000 });
  await page.reload();
  await expect(page.getByTestId("save-status")).toHaveText("Draft restored");
  await expect(page.getByTestId("hint")).toHaveText("Ready to submit.");
  await expect(page.getByRole("button", { name: `${good} is better` })).toHaveClass(/bg-indigo-600/);
  await expect(page.getByRole("button", { name: /Much better/ })).toHaveClass(/bg-indigo-600/);
  await expect(page.getByTestId(`completion-${good}`).getByRole("radio", { name: "6" })).toBeChecked();
  await expect(page.getByTestId(`completion-${bad}`).getByRole("radio", { name: "2" })).toBeChecked();
  await expect(page.getByLabel(`Hallucination (made-up facts) (reply ${bad})`)).toBeChecked();
  await expect(page.getByLabel(`Your improved version of reply ${good}`)).toHaveValue(
    "Paris is the capital of France.",
  );
  await expect(page.getByLabel("Comment (optional)")).toHaveValue("Lyon is not the capital");
  // The time spent before the reload was saved as the page went away.
  const [draft] = await query<{ ms: number }>(
    "SELECT d.time_spent_ms AS ms FROM drafts d JOIN users u ON u.id = d.labeler_id WHERE u.email = $1",
    [labeler.email],
  );
  expect(draft!.ms).toBeGreaterThan(0);
  await page.getByRole("button", { name: /^Submit/ }).click();

  await expect(page.getByTestId("conversation")).toContainText("Second question");
  await expect(page.getByTestId("done-here")).toHaveText("1 done this session");
  // "Submitted" is news about the last task: it goes once the labeler starts on this one.
  await expect(page.getByTestId("notice")).toHaveText("Submitted. Here is the next one.");
  await expect(page.getByTestId("save-status")).toHaveText("Drafts save automatically");
  await page.keyboard.press("g");
  await expect(page.getByTestId("notice")).toHaveCount(0);
  await expect(page.getByTestId("left-for-you")).toHaveText("1");
  // A tool call and its result show collapsed, by name; each opens from the keyboard, the
  // arguments pretty-printed, the result as text (never HTML).
  const called = page.getByRole("button", { name: "Called get_weather" });
  const result = page.getByRole("button", { name: "Result of get_weather" });
  await expect(called).toHaveAttribute("aria-expanded", "false");
  await expect(result).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByTestId("tool-call").locator("pre")).toBeHidden();
  await called.focus();
  await page.keyboard.press("Enter");
  await expect(called).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByTestId("tool-call").locator("pre")).toHaveText(
    '{\n  "city": "Paris",\n  "unit": "celsius"\n}',
  );
  await result.click();
  await expect(page.getByTestId("tool-result").locator("pre")).toHaveText("<b>18 degrees</b>");
  await expect(page.getByTestId("tool-result").locator("b")).toHaveCount(0);
  // The session's count survives a reload.
  await page.reload();
  await expect(page.getByTestId("conversation")).toContainText("Second question");
  await expect(page.getByTestId("done-here")).toHaveText("1 done this session");
  await expect(page.getByTestId("left-for-you")).toHaveText("1");

  const [paris] = await query<{ id: string }>(
    "SELECT id FROM completions WHERE text = 'Paris.' ORDER BY created_at DESC LIMIT 1",
  );
  const [lyon] = await query<{ id: string }>(
    "SELECT id FROM completions WHERE text = 'Lyon, obviously.' ORDER BY created_at DESC LIMIT 1",
  );
  const [annotation] = await query<{
    id: string;
    ranking: string[][];
    strength: number;
    ratings: Record<string, number>;
    flags: Record<string, string[]>;
    display_order: string[];
    time_spent_ms: number;
  }>(
    `SELECT a.id, a.ranking, a.strength, a.ratings, a.flags, a.display_order, a.time_spent_ms
       FROM annotations a JOIN users u ON u.id = a.labeler_id WHERE u.email = $1`,
    [labeler.email],
  );
  expect(annotation!.ranking).toEqual([[paris!.id], [lyon!.id]]);
  expect(annotation!.strength).toBe(3);
  expect(annotation!.ratings).toEqual({ [paris!.id]: 6, [lyon!.id]: 2 });
  expect(annotation!.flags).toEqual({ [lyon!.id]: ["hallucination"] });
  expect(annotation!.display_order).toEqual(good === "A" ? [paris!.id, lyon!.id] : [lyon!.id, paris!.id]);
  // The clock resumed after the reload: the answer counts the time before it too.
  expect(annotation!.time_spent_ms).toBeGreaterThanOrEqual(draft!.ms);
  const rewrites = await query<{ text: string; edited_from_id: string }>(
    "SELECT text, edited_from_id FROM completions WHERE annotation_id = $1",
    [annotation!.id],
  );
  expect(rewrites).toEqual([{ text: "Paris is the capital of France.", edited_from_id: paris!.id }]);

  // The page opened on a cold cache loads at most the budget of compressed JavaScript (issue 13).
  const weight = await weighScripts(
    browser,
    { baseURL: baseURL!, storageState: await page.context().storageState() },
    `/projects/${fixture.slug}/label`,
    (cold) => expect(cold.getByTestId("conversation")).toContainText("Second question"),
  );
  // Chromium takes brotli; the build's scripts are served in it (lib/brotli-assets.mjs).
  expect(weight.encodings).toEqual(["br"]);
  expect(weight.transferredBytes).toBeLessThanOrEqual(LABELING_JS_BUDGET_BYTES);
});

test("a submit answered 503 with Retry-After backs off four times, keeps the answer, then is stored once", async ({
  page,
}) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [
      { messages: [{ role: "user", content: "Outage question" }], completions: ["Good", "Bad"] },
      { messages: [{ role: "user", content: "After the outage" }], completions: ["x", "y"] },
    ],
  });
  const labeler = fixture.labelers[0]!;
  // The page's timers run on Playwright's clock: the backoff is stepped through, not waited out.
  await page.clock.install();
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("conversation")).toContainText("Outage question");
  // From here the page's time stands still except when the test moves it.
  await page.clock.pauseAt(Date.now() + 1000);
  // Every submit is answered 503 with Retry-After, as the app answers while its database is away.
  let refused = 0;
  await page.route("**/api/tasks/*/submit*", async (route) => {
    refused += 1;
    await route.fulfill({
      status: 503,
      headers: { "retry-after": "2", "content-type": "application/json" },
      body: JSON.stringify({ error: { code: "unavailable", message: "The database is unavailable for a moment" } }),
    });
  });
  const good = (await page.getByTestId("completion-A").textContent())!.includes("Good") ? "A" : "B";
  await page.getByRole("button", { name: `${good} is better` }).click();
  await page.getByRole("button", { name: /Clearly better/ }).click();
  await page.getByRole("button", { name: /^Submit/ }).click();
  // Backoff 1, 2, 4, 8 s, none shorter than the 2 s Retry-After (components/labeling/failures.ts).
  for (const [attempt, delayMs] of [2000, 2000, 4000, 8000].entries()) {
    await expect(page.getByTestId("notice")).toContainText(`retrying (${attempt + 1})… Your work is kept`);
    expect(refused).toBe(attempt + 1);
    // Just short of the delay nothing is sent again; at the delay the next attempt goes out.
    await page.clock.runFor(delayMs - 100);
    expect(refused).toBe(attempt + 1);
    await page.clock.runFor(100);
  }
  await expect(page.getByTestId("notice")).toContainText("press Submit again");
  expect(refused).toBe(5);
  // Nothing was lost: the choice is still there, and the same submit goes through once the database is back.
  await expect(page.getByTestId("hint")).toHaveText("Ready to submit.");
  await page.unroute("**/api/tasks/*/submit*");
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("conversation")).toContainText("After the outage");
  const stored = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM annotations a JOIN users u ON u.id = a.labeler_id WHERE u.email = $1",
    [labeler.email],
  );
  expect(stored[0]!.n).toBe(1);
});
