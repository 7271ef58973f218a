// Hostile values in URLs and bodies: a NUL, a lone surrogate, a malformed id or an
// out-of-range paging cursor gets a not-found page or a 400/404 answer, never a 500.
import { randomUUID } from "node:crypto";
import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { admin, makeFixture, query, signIn } from "./helpers";

const NOT_UUIDS = ["%00", "not-a-uuid", "------------------------------------", "99999999999999999999"];
const CURSORS = ["99999999999999999999", "9999999999999999999", "-1", "%00"];

async function expectPageNot500(page: Page, path: string) {
  const response = await page.goto(path);
  // Soft: one run lists every path that fails.
  expect.soft(response!.status(), path).toBeLessThan(500);
  await expect.soft(page.locator("body"), path).not.toContainText("Application error");
}

function expectStatus(response: APIResponse, allowed: number[], what: string) {
  expect.soft(allowed, `${what} answered ${response.status()}`).toContain(response.status());
}

test("admin pages with a NUL or a bad id in the path, or an out-of-range cursor, never answer 500", async ({
  page,
}) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [{ messages: [{ role: "user", content: "Hi" }], completions: ["a", "b"] }],
  });
  await signIn(page, admin().email, admin().password);
  const slug = fixture.slug;
  const paths = [
    "/admin/projects/%00",
    "/admin/projects/a%00b",
    "/admin/projects/a%00b/items",
    "/admin/projects/a%00b/agreement",
    ...NOT_UUIDS.map((id) => `/admin/projects/${slug}/items/${id}`),
    ...NOT_UUIDS.map((id) => `/admin/users/${id}`),
    ...CURSORS.map((cursor) => `/admin/projects/${slug}/items?after=${cursor}`),
    ...CURSORS.map((cursor) => `/admin/audit?before=${cursor}`),
    "/admin/audit?actor=%00&action=%00",
    `/admin/audit?actor=${"x".repeat(300)}`,
    "/admin/users?page=99999999999999999999&cursor=99999999999999999999",
  ];
  for (const path of paths) await expectPageNot500(page, path);
  // The unknown ones are the not-found page.
  for (const path of ["/admin/projects/a%00b", `/admin/projects/${slug}/items/------------------------------------`]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "This page does not exist" })).toBeVisible();
  }
  // A cursor past the end is an empty page, not an error.
  await page.goto(`/admin/projects/${slug}/items?after=9999999999999999999`);
  await expect(page.locator("main")).toBeVisible();
});

test("routes answer 400 or 404 to a NUL slug, a bad id, and NUL or lone surrogates in text fields", async ({
  page,
  browser,
}) => {
  const fixture = makeFixture({
    kind: "comparison",
    items: [
      { messages: [{ role: "user", content: "One" }], completions: ["a", "b"] },
      { messages: [{ role: "user", content: "Two" }], completions: ["c", "d"] },
    ],
  });
  const labeler = fixture.labelers[0]!;
  await signIn(page, labeler.email, labeler.password);
  const origin = { origin: new URL(page.url()).origin };
  const api = page.request;

  await expectPageNot500(page, "/projects/a%00b/label");
  expectStatus(await api.post("/api/projects/a%00b/tasks/next", { headers: origin }), [400, 404], "claim, NUL slug");
  for (const id of NOT_UUIDS) {
    const headers = { ...origin, "idempotency-key": randomUUID() };
    expectStatus(
      await api.post(`/api/tasks/${id}/submit`, { headers, data: { text: "x" } }),
      [400, 404],
      `submit ${id}`,
    );
    expectStatus(await api.post(`/api/tasks/${id}/heartbeat`, { headers: origin }), [400, 404], `heartbeat ${id}`);
    expectStatus(
      await api.put(`/api/tasks/${id}/draft`, { headers: origin, data: { text: "x" } }),
      [400, 404],
      `draft ${id}`,
    );
    expectStatus(
      await api.post(`/api/tasks/${id}/skip`, { headers: origin, data: { reason: "x" } }),
      [400, 404],
      `skip ${id}`,
    );
  }

  // Text PostgreSQL cannot store, in each free-text field of a task: 400 naming the field.
  const claimed = await api.post(`/api/projects/${fixture.slug}/tasks/next`, { headers: origin });
  const { task } = (await claimed.json()) as { task: { id: string; item: { completions: { id: string }[] } } };
  const ranking = task.item.completions.map((c) => [c.id]);
  const best = task.item.completions[0]!.id;
  // Raw JSON so that the escapes arrive as written.
  const raw = (body: string) => ({ headers: { ...origin, "content-type": "application/json" }, data: body });
  const bodies: [string, string, string][] = [
    ["comment", "submit", `{"ranking": ${JSON.stringify(ranking)}, "comment": "bad \\u0000 text"}`],
    ["comment", "submit", `{"ranking": ${JSON.stringify(ranking)}, "comment": "bad \\ud800 text"}`],
    [
      "rewrite.text",
      "submit",
      `{"ranking": ${JSON.stringify(ranking)}, "rewrite": {"completionId": "${best}", "text": "\\u0000"}}`,
    ],
    ["reason", "skip", `{"reason": "bad \\u0000 reason"}`],
    ["reason", "skip", `{"reason": "bad \\udc00 reason"}`],
  ];
  for (const [field, action, body] of bodies) {
    const options = raw(body);
    const response = await api.post(`/api/tasks/${task.id}/${action}`, {
      ...options,
      headers: { ...options.headers, "idempotency-key": randomUUID() },
    });
    expect(response.status(), `${action} with bad ${field}`).toBe(400);
    const { error } = (await response.json()) as { error: { message: string } };
    expect(error.message).toContain(field);
  }
  // The task is still held and nothing was stored.
  expect((await api.post(`/api/tasks/${task.id}/heartbeat`, { headers: origin })).status()).toBe(200);
  const stored = await query<{ n: number }>(
    "SELECT count(*)::int AS n FROM annotations a JOIN users u ON u.id = a.labeler_id WHERE u.email = $1",
    [labeler.email],
  );
  expect(stored[0]!.n).toBe(0);

  // A demonstration and its draft, by another labeler.
  const demo = makeFixture({ kind: "demonstration", items: [{ messages: [{ role: "user", content: "Write" }] }] });
  const writer = demo.labelers[0]!;
  const context = await browser.newContext();
  const writerPage = await context.newPage();
  await signIn(writerPage, writer.email, writer.password);
  const writerApi = writerPage.request;
  const claimedDemo = await writerApi.post(`/api/projects/${demo.slug}/tasks/next`, { headers: origin });
  const writerTask = ((await claimedDemo.json()) as { task: { id: string } }).task;
  for (const text of ["a \\u0000 b", "a \\ud800 b"]) {
    const draft = await writerApi.put(`/api/tasks/${writerTask.id}/draft`, raw(`{"text": "${text}"}`));
    expect(draft.status(), `draft ${text}`).toBe(400);
    const options = raw(`{"text": "${text}"}`);
    const submit = await writerApi.post(`/api/tasks/${writerTask.id}/submit`, {
      ...options,
      headers: { ...options.headers, "idempotency-key": randomUUID() },
    });
    expect(submit.status(), `demonstration ${text}`).toBe(400);
    expect(((await submit.json()) as { error: { message: string } }).error.message).toContain("text");
  }
  await context.close();
});

test("a path that is not valid percent-encoded UTF-8 gets 400, not 500", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  for (const path of ["/admin/projects/%ED%A0%80", "/admin/projects/%ZZ/items", "/api/projects/%ED%A0%80/agreement"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(400);
  }
  const api = await page.request.get("/api/tasks/%ZZ/heartbeat");
  expect(await api.json()).toMatchObject({ error: { code: "bad_request" } });
});

test("admin routes answer 404 to a NUL slug or a bad id, and 400 to bad text", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  const origin = { origin: new URL(page.url()).origin };
  const api = page.request;
  for (const slug of ["a%00b", "%00"]) {
    expectStatus(await api.get(`/api/projects/${slug}/agreement`), [400, 404], `agreement ${slug}`);
    expectStatus(await api.get(`/api/projects/${slug}/export?format=sft`), [400, 404], `export ${slug}`);
    expectStatus(
      await api.post(`/api/projects/${slug}/members`, { headers: origin, data: { email: "x@example.com" } }),
      [400, 404],
      `members ${slug}`,
    );
    expectStatus(
      await api.post(`/api/projects/${slug}/import`, { headers: origin, data: '{"prompt": "hi"}\n' }),
      [400, 404],
      `import ${slug}`,
    );
  }
  for (const id of NOT_UUIDS) {
    expectStatus(await api.get(`/api/exports/${id}`), [400, 404], `export record ${id}`);
    expectStatus(
      await api.patch(`/api/users/${id}`, { headers: origin, data: { name: "x" } }),
      [400, 404],
      `user ${id}`,
    );
  }
  const created = await api.post("/api/projects", {
    headers: { ...origin, "content-type": "application/json" },
    data: `{"slug": "nul-${randomUUID().slice(0, 8)}", "kind": "ranking", "name": "a \\u0000 b"}`,
  });
  expect(created.status()).toBe(400);
  expect(((await created.json()) as { error: { message: string } }).error.message).toContain("name");
});
