// Hostile input and hostile sites: each test asserts the safe outcome in Chromium or over HTTP.
import { randomUUID } from "node:crypto";
import { expect, request as playwrightRequest, test, type Page } from "@playwright/test";
import { admin, makeFixture, query, signIn } from "./helpers";

const XSS = `<img src="/x-img" onerror="window.__pwned=1"><script>window.__pwned=2</script>`;

function watch(page: Page) {
  const seen = { dialogs: [] as string[], requests: [] as string[] };
  page.on("dialog", async (dialog) => {
    seen.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  page.on("request", (request) => {
    if (/\/x-(img|link|frame)/.test(new URL(request.url()).pathname)) seen.requests.push(request.url());
  });
  return seen;
}

test("pages carry a nonce-only script policy and the other security headers", async ({ page }) => {
  const response = await page.goto("/login");
  const headers = response!.headers();
  const csp = headers["content-security-policy"]!;
  const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src"))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]+'/);
  expect(scriptSrc).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["x-frame-options"]).toBe("DENY");
  // A fresh nonce per request, and Next's own scripts carry it (the page works: sign-in renders).
  const again = (await page.request.get("/login")).headers()["content-security-policy"]!;
  expect(again).not.toBe(csp);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  const api = await page.request.get("/api/health");
  expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
});

test("script in names, comments, guidelines and prompts stays text on the admin pages", async ({ page, browser }) => {
  const fixture = makeFixture({
    kind: "comparison",
    guidelines: `Be kind ${XSS} [link](javascript:window.__pwned=3)`,
    items: [{ messages: [{ role: "user", content: `Prompt ${XSS}` }], completions: [`One ${XSS}`, "Two"] }],
  });
  const labeler = fixture.labelers[0]!;
  // The labeler's display name and comment carry markup too.
  await query("UPDATE users SET name = $1 WHERE email = $2", [`Mallory ${XSS}`, labeler.email]);
  const labelerContext = await browser.newContext();
  const labelerPage = await labelerContext.newPage();
  await signIn(labelerPage, labeler.email, labeler.password);
  const api = labelerPage.request;
  const origin = { origin: new URL(labelerPage.url()).origin };
  const claimed = await api.post(`/api/projects/${fixture.slug}/tasks/next`, { headers: origin });
  const { task } = (await claimed.json()) as { task: { id: string; item: { completions: { id: string }[] } } };
  const submitted = await api.post(`/api/tasks/${task.id}/submit`, {
    headers: { ...origin, "idempotency-key": randomUUID() },
    data: { ranking: task.item.completions.map((c) => [c.id]), comment: `Nice ${XSS} [x](javascript:alert(1))` },
  });
  expect(submitted.status()).toBe(201);
  await labelerContext.close();

  const seen = watch(page);
  await signIn(page, admin().email, admin().password);
  const [{ id: itemId }] = (await query<{ id: string }>(
    "SELECT i.id FROM items i JOIN projects p ON p.id = i.project_id WHERE p.slug = $1",
    [fixture.slug],
  )) as [{ id: string }];
  for (const path of [
    `/admin/projects/${fixture.slug}`,
    `/admin/projects/${fixture.slug}/items`,
    `/admin/projects/${fixture.slug}/items/${itemId}`,
    "/admin/users",
    "/admin/audit",
  ]) {
    await page.goto(path);
    await expect(page.locator("main")).toBeVisible();
    await expect(page.locator("main img, main script:not([nonce]), main iframe")).toHaveCount(0);
  }
  await page.goto(`/admin/projects/${fixture.slug}/items/${itemId}`);
  await expect(page.locator("main")).toContainText(`Nice ${XSS}`);
  await page.goto("/admin/users?q=Mallory");
  await expect(page.locator("main")).toContainText(`Mallory ${XSS}`);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(seen.dialogs).toEqual([]);
  expect(seen.requests).toEqual([]);
});

test("a foreign site cannot make a signed-in browser change anything (CSRF)", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  const slug = `csrf-${randomUUID().slice(0, 8)}`;
  for (const origin of ["https://evil.example", "null"]) {
    const response = await page.request.post("/api/projects", {
      headers: { origin },
      data: { slug, kind: "ranking" },
    });
    expect(response.status()).toBe(403);
  }
  // Without any Origin (an old browser or a tool replaying the cookie): refused too.
  const bare = await page.request.fetch("/api/projects", {
    method: "POST",
    headers: { origin: "" },
    data: { slug, kind: "ranking" },
  });
  expect(bare.status()).toBe(403);
  expect(await query("SELECT 1 FROM projects WHERE slug = $1", [slug])).toHaveLength(0);
  // The same request from our own origin works: the check is what refused the others.
  const own = await page.request.post("/api/projects", {
    headers: { origin: new URL(page.url()).origin },
    data: { slug, kind: "ranking" },
  });
  expect(own.status()).toBe(201);
});

test("a labeler cannot smuggle role, userId or projectId fields, nor reach another's lease", async ({ browser }) => {
  const fixture = makeFixture({
    kind: "comparison",
    labelers: 2,
    items: [{ messages: [{ role: "user", content: "Q" }], completions: ["A", "B"] }],
  });
  const [first, second] = fixture.labelers as [(typeof fixture.labelers)[0], (typeof fixture.labelers)[0]];
  const firstContext = await browser.newContext();
  const firstPage = await firstContext.newPage();
  await signIn(firstPage, first.email, first.password);
  const origin = { origin: new URL(firstPage.url()).origin };
  const { task } = (await (
    await firstPage.request.post(`/api/projects/${fixture.slug}/tasks/next`, { headers: origin })
  ).json()) as { task: { id: string; item: { completions: { id: string }[] } } };
  const ranking = task.item.completions.map((c) => [c.id]);
  const [{ id: otherProject }] = (await query<{ id: string }>("SELECT id FROM projects WHERE slug <> $1 LIMIT 1", [
    fixture.slug,
  ])) as [{ id: string }];
  for (const extra of [
    { role: "admin" },
    { userId: randomUUID() },
    { projectId: otherProject },
    { labelerId: randomUUID() },
  ]) {
    const response = await firstPage.request.post(`/api/tasks/${task.id}/submit`, {
      headers: { ...origin, "idempotency-key": randomUUID() },
      data: { ranking, ...extra },
    });
    expect(response.status(), JSON.stringify(extra)).toBe(400);
  }
  expect(await query("SELECT 1 FROM annotations WHERE lease_id = $1", [task.id])).toHaveLength(0);
  const [{ role }] = (await query<{ role: string }>("SELECT role::text FROM users WHERE email = $1", [
    first.email,
  ])) as [{ role: string }];
  expect(role).toBe("labeler");

  // The second labeler guesses the first one's lease id: it does not exist for them.
  const secondContext = await browser.newContext();
  const secondPage = await secondContext.newPage();
  await signIn(secondPage, second.email, second.password);
  const headers = { origin: new URL(secondPage.url()).origin };
  for (const action of ["submit", "skip", "heartbeat"]) {
    const response = await secondPage.request.post(`/api/tasks/${task.id}/${action}`, {
      headers: { ...headers, "idempotency-key": randomUUID() },
      data: action === "skip" ? { reason: "mine now" } : { ranking },
    });
    expect(response.status(), action).toBe(404);
  }
  const draft = await secondPage.request.put(`/api/tasks/${task.id}/draft`, { headers, data: { text: "x" } });
  expect(draft.status()).toBe(404);
  // Admin routes and another project's data are out of reach.
  expect((await secondPage.request.get(`/api/projects/${fixture.slug}/export?format=raw`)).status()).toBe(403);
  expect((await secondPage.request.get(`/api/exports/${randomUUID()}`)).status()).toBe(403);
  await firstContext.close();
  await secondContext.close();
});

test("oversized bodies, export file-name tricks and sign-in timing are handled safely", async ({ page }) => {
  await signIn(page, admin().email, admin().password);
  const origin = { origin: new URL(page.url()).origin };
  const huge = await page.request.post("/api/projects", {
    headers: { ...origin, "content-type": "application/json" },
    data: JSON.stringify({ slug: "huge", kind: "ranking", guidelines: "x".repeat(2_000_000) }),
  });
  expect([400, 413]).toContain(huge.status());
  expect(await query("SELECT 1 FROM projects WHERE slug = 'huge'")).toHaveLength(0);

  const fixture = makeFixture({ kind: "demonstration", items: [{ messages: [{ role: "user", content: "Q" }] }] });
  for (const part of ["../../etc/passwd", "train/../../x", "a\r\nSet-Cookie: x=1"]) {
    const response = await page.request.get(
      `/api/projects/${fixture.slug}/export?format=sft&split=train=0.9,test=0.1&part=${encodeURIComponent(part)}`,
    );
    expect(response.status()).toBe(400);
  }
  const trick = await page.request.get(
    `/api/projects/${fixture.slug}/export?format=sft&split=${encodeURIComponent("..=0.5,x=0.5")}&part=..`,
  );
  expect(trick.status()).toBe(400);
  const fine = await page.request.get(
    `/api/projects/${fixture.slug}/export?format=sft&split=train=0.9,test=0.1&part=test`,
  );
  expect(fine.headers()["content-disposition"]).toBe(`attachment; filename="${fixture.slug}-sft-test.jsonl"`);

  // An unknown email and a wrong password take about as long (the hash is computed either way).
  const anonymous = await playwrightRequest.newContext({ baseURL: new URL(page.url()).origin });
  const time = async (email: string) => {
    const { csrfToken } = (await (await anonymous.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const started = Date.now();
    const response = await anonymous.post("/api/auth/callback/credentials", {
      form: { email, password: "not-the-password", csrfToken },
      maxRedirects: 0,
    });
    const elapsed = Date.now() - started;
    // Refused the same way for both.
    expect(response.status()).toBe(302);
    expect(response.headers()["location"]).toContain("error=");
    return elapsed;
  };
  const unknown: number[] = [];
  const known: number[] = [];
  // Four each (the account locks at five failures), interleaved. The fastest of each: load on a
  // shared machine only ever adds time, so the minimum is closest to the cost of the work itself.
  for (let i = 0; i < 4; i += 1) {
    unknown.push(await time(`nobody-${randomUUID()}@test.example`));
    known.push(await time(fixture.labelers[0]!.email));
  }
  await anonymous.dispose();
  // A skipped hash makes one path several times faster (a few ms against tens); on two busy cores
  // the same work has measured 28 ms against 70. So: neither path is three times faster.
  const [a, b] = [Math.min(...unknown), Math.min(...known)];
  expect(Math.min(a, b)).toBeGreaterThan(Math.max(a, b) / 3);
});
