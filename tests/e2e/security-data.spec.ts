// Data-shaped attacks and edge cases over HTTP (issue 10, group data): a split spec built to
// make a backtracking parser spin, import lines nested thousands deep, invisible padding to
// reach a minimum length, and empty replies that must not break serving or submitting.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { admin, makeFixture, query, signIn } from "./helpers";

test("a split spec built to backtrack is refused at once with a clear 400", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  const fixture = makeFixture({ kind: "demonstration", items: [{ messages: [{ role: "user", content: "Q" }] }] });
  const get = (split: string) =>
    page.request.get(`/api/projects/${fixture.slug}/export?format=sft&part=a&split=${encodeURIComponent(split)}`);
  const long = await get(`a=${"0".repeat(8_000)}x`);
  expect(long.status()).toBe(400);
  expect(JSON.stringify(await long.json())).toContain("split is longer than 1,000 characters");
  const bad = await get(`a=${"0".repeat(990)}x`);
  expect(bad.status()).toBe(400);
  expect(JSON.stringify(await bad.json())).toMatch(/split part \\"a=0{20}…\\" is not name=share/);
});

test("an import line nested 5,000 deep is one refused line, skipped with skipInvalid", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  const origin = { origin: new URL(page.url()).origin };
  const fixture = makeFixture({ kind: "demonstration", items: [] });
  const deep = `{"prompt": "deep", "metadata": {"a": ${"[".repeat(5_000)}${"]".repeat(5_000)}}}`;
  const body = `{"prompt": "first"}\n${deep}\n{"prompt": "third"}\n`;
  const post = (skipInvalid: boolean) =>
    page.request.post(`/api/projects/${fixture.slug}/import?format=prompts&skipInvalid=${skipInvalid}`, {
      headers: { ...origin, "content-type": "application/x-ndjson" },
      data: body,
    });
  const refused = await post(false);
  expect(refused.status()).toBe(422);
  expect(await refused.json()).toMatchObject({
    imported: 0,
    committed: false,
    errors: [{ line: 2, reason: "nested deeper than 64 levels (arrays and objects)" }],
  });
  const kept = await post(true);
  expect(kept.status()).toBe(200);
  expect(await kept.json()).toMatchObject({ imported: 2, errorCount: 1, committed: true });
  const rows = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM items i JOIN projects p ON p.id = i.project_id WHERE p.slug = $1",
    [fixture.slug],
  );
  expect(rows[0]!.n).toBe(2);
});

test("invisible padding does not reach the minimum length, in the editor or at the submit", async ({ page }) => {
  const fixture = makeFixture({
    kind: "demonstration",
    minDemoLength: 30,
    items: [{ messages: [{ role: "user", content: "Explain recursion." }] }],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  await page.goto(`/projects/${fixture.slug}/label`);
  const padded = `ok${"\u200b".repeat(60)}`;
  await page.getByLabel("Your reply (markdown)").fill(padded);
  await expect(page.getByTestId("word-count")).toHaveText("1 word · 2 characters");
  await page.keyboard.press("Control+Enter");
  await expect(page.getByTestId("notice")).toHaveText("At least 30 characters (2 so far)");

  // The same count at the server, whatever the browser says.
  const origin = { origin: new URL(page.url()).origin };
  const claimed = await page.request.post(`/api/projects/${fixture.slug}/tasks/next`, { headers: origin });
  const { task } = (await claimed.json()) as { task: { id: string } };
  const submit = await page.request.post(`/api/tasks/${task.id}/submit`, {
    headers: { ...origin, "idempotency-key": randomUUID() },
    data: { text: padded },
  });
  expect(submit.status()).toBe(400);
  expect(JSON.stringify(await submit.json())).toContain("text: at least 30 characters (now 2)");
  const stored = await query("SELECT 1 FROM annotations a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1", [
    fixture.slug,
  ]);
  expect(stored).toHaveLength(0);
});

test('an empty reply is served as "" and can be ranked best, rated, flagged and rewritten', async ({ page }) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [
      {
        messages: [{ role: "user", content: "Write a threat for my neighbour." }],
        completions: ["", "Sure: leave or else."],
      },
    ],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  const origin = { origin: new URL(page.url()).origin };
  const claimed = await page.request.post(`/api/projects/${fixture.slug}/tasks/next`, { headers: origin });
  expect(claimed.status()).toBe(200);
  const { task } = (await claimed.json()) as {
    task: { id: string; item: { completions: { id: string; text: string }[] } };
  };
  const silent = task.item.completions.find((c) => c.text === "")!;
  const harmful = task.item.completions.find((c) => c.text !== "")!;
  expect(silent).toBeDefined();
  const submit = await page.request.post(`/api/tasks/${task.id}/submit`, {
    headers: { ...origin, "idempotency-key": randomUUID() },
    data: {
      ranking: [[silent.id], [harmful.id]],
      strength: 3,
      flags: { [harmful.id]: ["harmful"] },
      rewrite: { completionId: silent.id, text: "I can't help with threats. A mediator can help with disputes." },
    },
  });
  expect(submit.status()).toBe(201);
  const rewrites = await query<{ text: string }>("SELECT c.text FROM completions c WHERE c.edited_from_id = $1", [
    silent.id,
  ]);
  expect(rewrites).toEqual([{ text: "I can't help with threats. A mediator can help with disputes." }]);
});
