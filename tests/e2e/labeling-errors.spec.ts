import { expect, test, type Page, type Route } from "@playwright/test";
import { makeFixture, query, signIn } from "./helpers";

// A refused request (4xx) is the server's answer, not an outage: the page shows the server's
// message as text and sends nothing more. Only a missing answer, 502/503/504, and 429 with
// Retry-After are worth trying again by themselves.

async function comparisonReadyToSubmit(page: Page, prompt: string) {
  const fixture = makeFixture({
    kind: "comparison",
    items: [
      { messages: [{ role: "user", content: prompt }], completions: ["Good", "Bad"] },
      { messages: [{ role: "user", content: `After ${prompt}` }], completions: ["x", "y"] },
    ],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  await expect(page.getByTestId("conversation")).toContainText(prompt);
  await page.keyboard.press("a");
  await page.keyboard.press("2");
  await expect(page.getByTestId("hint")).toHaveText("Ready to submit.");
  return { fixture, labeler };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

const storedCount = async (email: string) =>
  (
    await query<{ n: number }>(
      "SELECT count(*)::int AS n FROM annotations a JOIN users u ON u.id = a.labeler_id WHERE u.email = $1",
      [email],
    )
  )[0]!.n;

test("a submit refused with 400 is sent once and the server's message is shown as text", async ({ page }) => {
  const { labeler } = await comparisonReadyToSubmit(page, "Refused question");
  let sent = 0;
  await page.route("**/api/tasks/*/submit*", async (route) => {
    sent += 1;
    // The shape the server gives a body that fails its schema (lib/server/http.ts).
    await route.fulfill(
      json(400, {
        error: {
          code: "bad_request",
          message: "Invalid request body",
          details: [{ path: "rewrite.text", message: "the rewrite is empty" }],
        },
      }),
    );
  });
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("notice")).toHaveText("Not submitted: rewrite.text: the rewrite is empty");
  await page.waitForTimeout(2500); // longer than the first retry delay
  expect(sent).toBe(1);
  await expect(page.getByTestId("notice")).not.toContainText("[object Object]");
  await expect(page.getByTestId("hint")).toHaveText("Ready to submit.");
  expect(await storedCount(labeler.email)).toBe(0);
});

test("submits refused with 403, 404, 413, 422 or failing with 500 are sent once each, with the message shown", async ({
  page,
}) => {
  await comparisonReadyToSubmit(page, "Many refusals");
  const answers: [number, { status: number; headers?: Record<string, string>; body: string }, string][] = [
    [
      403,
      json(403, { error: { code: "forbidden", message: "Cross-site request refused" } }),
      "Cross-site request refused",
    ],
    [404, json(404, { error: { code: "not_found", message: "No such task" } }), "No such task"],
    // A proxy in front of the app answers with HTML, not our JSON.
    [
      413,
      { status: 413, headers: { "content-type": "text/html" }, body: "<h1>Too large</h1>" },
      "The server answered 413",
    ],
    [
      422,
      json(422, { error: { code: "bad_request", message: "Unprocessable", details: ["ranking: required"] } }),
      "ranking: required",
    ],
    [500, json(500, { error: { code: "internal", message: "Something went wrong" } }), "Something went wrong"],
  ];
  for (const [status, answer, message] of answers) {
    let sent = 0;
    const handler = async (route: Route) => {
      sent += 1;
      await route.fulfill(answer);
    };
    await page.route("**/api/tasks/*/submit*", handler);
    await page.getByRole("button", { name: /^Submit/ }).click();
    await expect(page.getByTestId("notice")).toHaveText(`Not submitted: ${message}`);
    await page.waitForTimeout(1500);
    expect(sent, `requests after a ${status}`).toBe(1);
    await page.unroute("**/api/tasks/*/submit*", handler);
  }
});

test("a submit answered 429 with Retry-After is tried again after the wait and stored once", async ({ page }) => {
  const { labeler } = await comparisonReadyToSubmit(page, "Busy question");
  let refused = 0;
  await page.route("**/api/tasks/*/submit*", async (route) => {
    if (refused === 0) {
      refused += 1;
      await route.fulfill(
        json(429, { error: { code: "rate_limited", message: "Too many requests" } }, { "retry-after": "1" }),
      );
    } else await route.continue();
  });
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("conversation")).toContainText("After Busy question");
  expect(refused).toBe(1);
  expect(await storedCount(labeler.email)).toBe(1);
});

test("a submit answered 429 without Retry-After is not retried", async ({ page }) => {
  await comparisonReadyToSubmit(page, "Limited question");
  let sent = 0;
  await page.route("**/api/tasks/*/submit*", async (route) => {
    sent += 1;
    await route.fulfill(json(429, { error: { code: "rate_limited", message: "Too many requests" } }));
  });
  await page.getByRole("button", { name: /^Submit/ }).click();
  await expect(page.getByTestId("notice")).toHaveText("Not submitted: Too many requests");
  await page.waitForTimeout(1500);
  expect(sent).toBe(1);
});

test("a draft save refused with 413 shows the server's message and is not retried until the text changes", async ({
  page,
}) => {
  const fixture = makeFixture({
    kind: "demonstration",
    items: [{ messages: [{ role: "user", content: "Write something long" }] }],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  let sent = 0;
  await page.route("**/api/tasks/*/draft", async (route) => {
    sent += 1;
    await route.fulfill(json(413, { error: { code: "bad_request", message: "Body larger than 1000000 bytes" } }));
  });
  await page.getByLabel("Your reply (markdown)").fill("A draft the server will refuse.");
  await expect(page.getByTestId("save-status")).toHaveText("Not saved: Body larger than 1000000 bytes", {
    timeout: 10_000,
  });
  await page.waitForTimeout(7000); // two more save ticks
  expect(sent).toBe(1);
  await page.getByLabel("Your reply (markdown)").press("End");
  await page.keyboard.type(" More.");
  await expect.poll(() => sent, { timeout: 10_000 }).toBe(2);
});
