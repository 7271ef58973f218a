// An admin connects a model: adds an endpoint pointing at the local OpenAI-protocol stub this
// test starts (the key typed into the form), tests it and sees latency and the model's reply,
// edits it, removes it; the key appears nowhere on the page or in the audit log.
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { limitReply, stubReply } from "../../scripts/openai-stub/stub-replies";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { admin, query, shoot, signIn } from "./helpers";

const KEY = `sk-e2e-${randomUUID()}`;
let stub: OpenAIStub;

test.beforeAll(async () => {
  stub = await startOpenAIStub({ apiKey: KEY, latencyMs: 150 });
});
test.afterAll(async () => {
  await stub.close();
});

/** The page as the browser holds it and as the server sends it (HTML with the RSC payload). */
async function expectNoKey(page: Page) {
  expect(await page.content()).not.toContain(KEY);
  const served = await page.request.get("/admin/models");
  expect(served.status()).toBe(200);
  expect(await served.text()).not.toContain(KEY);
  for (const input of await page.locator("input").all()) expect(await input.inputValue()).not.toContain(KEY);
}

test("an admin adds a model endpoint, tests it, edits it and removes it without the key ever showing", async ({
  page,
}) => {
  test.setTimeout(180_000);
  // The journey starts from an empty list: it runs alone, after every other spec
  // (playwright.config.ts), so removing their endpoints (and the judges using them) harms none.
  await query("DELETE FROM judges");
  await query("DELETE FROM model_endpoints");
  // Every server action's own answer (which hands typed values back to a refused form) is
  // kept, to check at the end that none carries the key.
  const actionAnswers: string[] = [];
  await page.route("**/admin/models", async (route) => {
    if (route.request().method() !== "POST") return route.continue();
    const response = await route.fetch();
    const body = await response.text();
    actionAnswers.push(body);
    await route.fulfill({ response, body });
  });
  const name = `careful-${randomUUID().slice(0, 6)}`;
  await signIn(page, admin().email, admin().password);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Models" }).click();
  await expect(page.getByRole("heading", { name: "Models" })).toBeVisible();
  await expect(page.getByTestId("models-empty")).toContainText("No model endpoints yet");
  await shoot(page, "models-empty");

  // A base URL that is not http(s) is refused; the key typed is not sent back to the page.
  const add = page.getByRole("form", { name: "Add a model endpoint" });
  await add.getByLabel("Name").fill(name);
  await add.getByLabel("Base URL").fill("ftp://models.example/v1");
  await add.getByLabel("Model id").fill("stub-careful");
  await add.getByLabel("API key", { exact: true }).fill(KEY);
  await add.getByRole("button", { name: "Add endpoint" }).click();
  await expect(add.getByText("base URL must use http or https, not ftp")).toBeVisible();
  expect(actionAnswers.at(-1)).toContain("base URL must use http or https, not ftp");
  await expect(add.getByLabel("Name")).toHaveValue(name);
  await expectNoKey(page);

  await add.getByLabel("Base URL").fill(stub.url);
  await add.getByLabel("API key", { exact: true }).fill(KEY);
  await add.getByLabel("Temperature").fill("0.3");
  await add.getByLabel("Max concurrency").fill("8");
  await add.getByRole("button", { name: "Add endpoint" }).click();
  await expect(add.getByTestId("form-message")).toHaveText(`Added ${name}.`);
  const entry = page.getByRole("listitem", { name });
  await expect(entry).toContainText("key stored (encrypted)");
  await expect(entry).toContainText(`stub-careful at ${stub.url}`);
  await expect(entry).toContainText("temperature 0.3 · 8 at once");
  await expectNoKey(page);

  // Test: one tiny request with the stored key; latency and the reply are shown.
  await entry.getByRole("button", { name: `Test ${name}` }).click();
  const result = entry.getByTestId("model-test-result");
  await expect(result).toContainText(/Answered in \d+ ms/);
  // What the stand-in model answers the Test's prompt, cut at the Test's 8 tokens.
  const reply = limitReply(stubReply("stub-careful", "Reply with one word: hello.", null), 8, []).text;
  await expect(result).toContainText(`Reply: ${reply}`);
  await expect(result).toContainText("(finish reason: length)");
  expect(stub.requests.at(-1)).toMatchObject({
    authorization: `Bearer ${KEY}`,
    body: { model: "stub-careful", temperature: 0.3, max_tokens: 8 },
  });
  const latency = Number(/Answered in (\d+) ms/.exec((await result.textContent()) ?? "")![1]);
  expect(latency).toBeGreaterThanOrEqual(150);
  await expect(entry.getByTestId("model-last-test")).toContainText(`answered in ${latency} ms`);
  await expectNoKey(page);
  await shoot(page, "models-tested");

  // Edit: a blank key field keeps the key (the next test still gets through).
  await entry.locator("summary", { hasText: "Edit" }).click();
  const edit = page.getByRole("form", { name: `Edit ${name}` });
  await expect(edit.getByLabel("New API key")).toHaveValue("");
  await expect(edit.getByLabel("New API key")).toHaveAttribute("type", "password");
  await shoot(page, "models-edit");
  await edit.getByLabel("Model id").fill("stub-terse");
  await edit.getByLabel("Temperature").fill("");
  await edit.getByLabel("Max tokens").fill("32");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit.getByTestId("form-message")).toHaveText(`Saved ${name}.`);
  await expect(entry).toContainText(`stub-terse at ${stub.url}`);
  await expect(entry).toContainText("max_tokens 32 · 8 at once");
  const sent = stub.requests.length;
  await entry.getByRole("button", { name: `Test ${name}` }).click();
  await expect.poll(() => stub.requests.at(-1)?.status === 200 && stub.requests.length).toBe(sent + 1);
  await expect(result).toContainText(/Answered in \d+ ms/);
  expect(stub.requests.at(-1)).toMatchObject({ authorization: `Bearer ${KEY}`, body: { model: "stub-terse" } });
  expect(stub.requests.at(-1)!.body).not.toHaveProperty("temperature");
  await expectNoKey(page);

  // A wrong key: the test shows the endpoint's refusal, not the key.
  stub.set({ apiKey: `${KEY}-rotated` });
  await entry.getByRole("button", { name: `Test ${name}` }).click();
  await expect(result).toContainText("Failed: the endpoint refused the key (401)");
  await expectNoKey(page);
  stub.set({ apiKey: KEY });

  await entry.locator("summary", { hasText: "Remove…" }).click();
  await entry.getByRole("button", { name: `Remove ${name}` }).click();
  await expect(page.getByTestId("models-empty")).toBeVisible();
  await expect(page.getByRole("listitem", { name })).toHaveCount(0);

  expect(actionAnswers.length).toBeGreaterThanOrEqual(7);
  for (const body of actionAnswers) expect(body).not.toContain(KEY);

  const audit = await query<{ action: string; text: string }>(
    `SELECT action, coalesce(before::text, '') || coalesce(after::text, '') AS text
     FROM audit_events WHERE entity_type = 'model_endpoint' AND (after->>'name' = $1 OR before->>'name' = $1)
     ORDER BY id`,
    [name],
  );
  expect(audit.map((a) => a.action)).toEqual(["model.create", "model.update", "model.remove"]);
  for (const row of audit) expect(row.text).not.toContain(KEY);
});
