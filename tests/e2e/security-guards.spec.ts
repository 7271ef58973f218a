// Attack tests for the request guards: open redirects after sign-in, sign-in limits under a
// burst of parallel guesses, request bodies capped while they stream, exports started from a
// foreign site, and the origin, cache and hint rules of the API.
import { execFileSync } from "node:child_process";
import { randomInt, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, request as playwrightRequest, test, type Page, type Response } from "@playwright/test";
import { admin, makeFixture, query, signIn } from "./helpers";

const root = path.resolve(__dirname, "..", "..");

/** The app's origin as the browser sees it (http://localhost:PORT). */
const ownOrigin = (baseURL: string | undefined) => new URL(baseURL!).origin;

/** A cookie header carrying the page's session, for requests sent with node:http. */
async function cookieHeader(page: Page): Promise<string> {
  return (await page.context().cookies())
    .filter((c) => c.domain === "localhost")
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
}

interface Sent {
  status: number;
  body: string;
  /** Bytes the client had written when the answer's head arrived. */
  sentWhenAnswered: number;
}

/**
 * POSTs a chunked body of `total` bytes in 64 KiB chunks, honouring backpressure, and stops
 * writing as soon as the answer arrives (a server that stops reading gets no more).
 */
function streamBody(
  port: number,
  pathname: string,
  headers: Record<string, string>,
  total: number,
  declaredLength?: number,
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered: { status: number; at: number; chunks: Buffer[] } | null = null;
    const request = http.request({ host: "127.0.0.1", port, path: pathname, method: "POST", headers });
    if (declaredLength !== undefined) request.setHeader("content-length", String(declaredLength));
    const finish = () => {
      if (answered)
        resolve({
          status: answered.status,
          body: Buffer.concat(answered.chunks).toString(),
          sentWhenAnswered: answered.at,
        });
    };
    request.on("response", (response) => {
      answered = { status: response.statusCode ?? 0, at: sent, chunks: [] };
      response.on("data", (chunk: Buffer) => answered!.chunks.push(chunk));
      response.on("end", finish);
      response.on("error", finish);
    });
    // The server may drop the connection once it has answered: that is the point.
    request.on("error", (error) => (answered ? finish() : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered && declaredLength === undefined) request.end();
    };
    if (declaredLength === undefined) pump();
    else request.flushHeaders();
  });
}

/** Resident memory of the app server under test (the webServer process on this port), in MB. */
function serverRssMb(port: number): number | null {
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const [program, script] = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      // node server.mjs itself, not the shell that started it.
      if (!program || path.basename(program) !== "node" || !script?.endsWith("server.mjs")) continue;
      const environment = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (!environment.includes(`PORT=${port}`)) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (rss) return Number(rss[1]) / 1024;
    } catch {
      // A process that ended while we looked, or one we may not read.
    }
  }
  return null;
}

type Outcome = "signed_in" | "wrong" | "rate_limited" | string;

/** One sign-in through next-auth's credentials callback, from a chosen loopback address. */
async function signInFrom(port: number, localAddress: string, email: string, password: string): Promise<Outcome> {
  const send = (options: http.RequestOptions, body?: string) =>
    new Promise<http.IncomingMessage & { text: string }>((resolve, reject) => {
      const request = http.request({ host: "127.0.0.1", port, localAddress, ...options }, (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk));
        response.on("end", () => resolve(Object.assign(response, { text })));
      });
      request.on("error", reject);
      request.end(body);
    });
  const csrf = await send({ path: "/api/auth/csrf" });
  const cookies = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken, email, password }).toString();
  const response = await send(
    {
      path: "/api/auth/callback/credentials",
      method: "POST",
      headers: { cookie: cookies, "content-type": "application/x-www-form-urlencoded" },
    },
    form,
  );
  const location = new URL(response.headers.location ?? "/", "http://localhost");
  const error = location.searchParams.get("error");
  if (!error) return "signed_in";
  if (error === "CredentialsSignin") return "wrong";
  if (error.startsWith("RATE_LIMITED:")) return "rate_limited";
  return error;
}

/** A loopback address of its own (all of 127/8 reaches the server), so limits of other tests never meet ours. */
const loopback = () => `127.${randomInt(1, 250)}.${randomInt(1, 250)}.${randomInt(2, 250)}`;

test("a sign-in link cannot send the browser to another site (open redirect)", async ({ page, browser, baseURL }) => {
  const own = ownOrigin(baseURL);
  const offsite: string[] = [];
  await page.context().route(
    (url) => url.hostname.endsWith("evil.example"),
    (route) => {
      offsite.push(route.request().url());
      return route.abort();
    },
  );
  // The form's own navigation after signing in.
  await page.goto("/login?callbackUrl=/%09/evil.example/x");
  await page.getByLabel("Email").fill(admin().email);
  await page.getByLabel("Password").fill(admin().password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect.poll(() => page.url()).not.toContain("/login");
  await page.waitForLoadState();
  expect(offsite).toEqual([]);
  expect(new URL(page.url()).origin).toBe(own);

  // The server's redirect for a signed-in user, with each trick a browser would follow.
  for (const callback of [
    "/%09/evil.example/x",
    "/%0A/evil.example",
    "/%0D%0A/evil.example",
    "%09//evil.example",
    "/%5Cevil.example",
    "/%5C%5Cevil.example",
    "//evil.example",
    "/.//evil.example",
    "/%252F%252Fevil.example",
    "https://evil.example",
    "javascript:alert(1)",
  ]) {
    const response = await page.request.get(`/login?callbackUrl=${callback}`, { maxRedirects: 0 });
    expect(response.status(), callback).toBeGreaterThanOrEqual(300);
    expect(response.status(), callback).toBeLessThan(400);
    const target = new URL(response.headers()["location"]!, own);
    expect(target.origin, callback).toBe(own);
    expect(target.pathname, callback).toBe("/");
  }
  // Odd encodings answer a redirect home, never a 500.
  for (const callback of ["%E0%A4%A", "/%E0%A4%A", "%C0%AF", "%", "/%FF%FE", "/%0A%E0"]) {
    const response = await page.request.get(`/login?callbackUrl=${callback}`, { maxRedirects: 0 });
    expect(response.status(), callback).toBeGreaterThanOrEqual(300);
    expect(response.status(), callback).toBeLessThan(400);
    const target = new URL(response.headers()["location"]!, own);
    expect(target.origin, callback).toBe(own);
    expect(target.pathname.startsWith("//"), callback).toBe(false);
  }
  // A path of our own is kept, query and fragment included.
  const kept = await page.request.get(`/login?callbackUrl=${encodeURIComponent("/admin/users?x=1#y")}`, {
    maxRedirects: 0,
  });
  expect(kept.headers()["location"]).toBe("/admin/users?x=1#y");
  // A signed-in browser following the same link stays with us.
  await page.goto("/login?callbackUrl=/%09/evil.example/x");
  expect(new URL(page.url()).origin).toBe(own);
  expect(offsite).toEqual([]);

  // Someone who is not signed in still sees the sign-in page for an odd link.
  const anonymous = await browser.newContext();
  const response = await (await anonymous.newPage()).goto("/login?callbackUrl=%E0%A4%A");
  expect(response?.status()).toBe(200);
  await anonymous.close();
});

test("a burst of parallel guesses gets no more checks than the limit; an admin unlocks the account", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const port = Number(new URL(baseURL!).port);
  const fixture = makeFixture({
    kind: "demonstration",
    labelers: 1,
    items: [{ messages: [{ role: "user", content: "Q" }] }],
  });
  const labeler = fixture.labelers[0]!;

  // Per account: 40 parallel attempts, the right password in the middle (sent once the
  // first guesses are being checked).
  const guess = (n: number) => signInFrom(port, loopback(), labeler.email, `wrong-${n}-password`);
  const first = Array.from({ length: 20 }, (_, n) => guess(n));
  await expect
    .poll(
      async () =>
        (
          await query<{ n: number }>("SELECT count(*)::int AS n FROM login_attempts WHERE key = $1 AND NOT success", [
            `email:${labeler.email}`,
          ])
        )[0]!.n,
    )
    .toBeGreaterThanOrEqual(5);
  const right = signInFrom(port, loopback(), labeler.email, labeler.password);
  const burst = await Promise.all([...first, right, ...Array.from({ length: 19 }, (_, n) => guess(21 + n))]);
  expect(burst.filter((o) => o !== "rate_limited").length).toBeLessThanOrEqual(5);
  expect(burst).not.toContain("signed_in");
  expect(await signInFrom(port, loopback(), labeler.email, labeler.password)).toBe("rate_limited");

  // Per address: 40 parallel attempts at 40 accounts from one address (limit 30).
  const address = loopback();
  const spray = await Promise.all(
    Array.from({ length: 40 }, () => signInFrom(port, address, `spray-${randomUUID()}@test.example`, "guess-password")),
  );
  expect(spray.filter((o) => o !== "rate_limited").length).toBeLessThanOrEqual(30);
  expect(spray).toContain("rate_limited");

  // The admin sees the lock on the person's page and lifts it; the log says who did.
  const [{ id }] = (await query<{ id: string }>("SELECT id FROM users WHERE email = $1", [labeler.email])) as [
    { id: string },
  ];
  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/users/${id}`);
  await expect(page.getByTestId("sign-in-lock")).toContainText("Locked out of sign-in");
  await page.screenshot({ path: "test-results/person-sign-in-lock.png", fullPage: true });
  await page.getByRole("button", { name: "Unlock sign-in" }).click();
  await expect(page.getByTestId("form-message")).toHaveText(`Sign-in unlocked for ${labeler.email}.`);
  await expect(page.getByTestId("sign-in-lock")).toContainText("No failed sign-ins");
  expect(await signInFrom(port, loopback(), labeler.email, labeler.password)).toBe("signed_in");
  await page.goto("/admin/audit?action=user.unlock");
  await expect(page.getByTestId("audit-table")).toContainText(labeler.email);
});

test("request bodies are capped while they stream, on sign-in and JSON routes alike", async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const port = Number(new URL(baseURL!).port);
  await signIn(page, admin().email, admin().password);
  const cookie = await cookieHeader(page);
  const before = serverRssMb(port);
  // On Linux the server's memory is read from /proc: it must be found.
  if (existsSync("/proc/self/status")) expect(before, "the app server's process").not.toBeNull();
  const total = 150 * 1024 * 1024;

  // The sign-in route needs no account at all.
  const signInBody = await streamBody(
    port,
    "/api/auth/callback/credentials",
    { "content-type": "application/x-www-form-urlencoded" },
    total,
  );
  expect(signInBody.status).toBe(413);
  expect(signInBody.sentWhenAnswered).toBeLessThan(32 * 1024 * 1024);

  // A client still sending when refused reads the 413 every time, not a reset (EPIPE) in its
  // place: the server drains what is in flight instead of closing on it. Before that, about
  // one upload in five got a reset.
  const uploads: string[] = [];
  for (let n = 0; n < 20; n++) {
    const upload = await streamBody(
      port,
      "/api/auth/callback/credentials",
      { "content-type": "application/x-www-form-urlencoded" },
      8 * 1024 * 1024,
    ).then(
      (sent) => String(sent.status),
      (error: NodeJS.ErrnoException) => error.code ?? String(error),
    );
    uploads.push(upload);
  }
  expect(uploads).toEqual(Array.from({ length: 20 }, () => "413"));

  const jsonBody = await streamBody(
    port,
    "/api/projects",
    { "content-type": "application/json", cookie, origin: ownOrigin(baseURL) },
    total,
  );
  expect(jsonBody.status).toBe(413);
  expect(jsonBody.sentWhenAnswered).toBeLessThan(32 * 1024 * 1024);
  expect(JSON.parse(jsonBody.body)).toMatchObject({ error: { code: "too_large" } });

  // A declared length past the cap is refused before a byte of the body is read.
  const declared = await streamBody(
    port,
    "/api/projects",
    { "content-type": "application/json", cookie, origin: ownOrigin(baseURL) },
    0,
    200_000_000,
  );
  expect(declared.status).toBe(413);

  const after = serverRssMb(port);
  if (before !== null && after !== null) expect(after - before).toBeLessThan(64);
  // A path the URL parser cannot resolve ("//") is judged too, and does not take the server down.
  const odd = await streamBody(port, "//", { "content-type": "text/plain" }, 10);
  expect(odd.status).toBe(403);
  // The server is still fine afterwards.
  expect((await page.request.get("/api/health")).status()).toBe(200);
});

test("a foreign site cannot start an export with the admin's cookie", async ({ page, baseURL }) => {
  const fixture = makeFixture({
    kind: "demonstration",
    labelers: 1,
    items: [{ messages: [{ role: "user", content: "Q" }] }],
  });
  const exportsOf = async () =>
    (
      await query<{ n: number }>(
        "SELECT count(*)::int AS n FROM exports e JOIN projects p ON p.id = e.project_id WHERE p.slug = $1",
        [fixture.slug],
      )
    )[0]!.n;
  const auditsOf = async () =>
    (
      await query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_events a JOIN projects p ON p.id = a.project_id WHERE p.slug = $1 AND a.action LIKE 'export%'",
        [fixture.slug],
      )
    )[0]!.n;
  await signIn(page, admin().email, admin().password);
  const url = `/api/projects/${fixture.slug}/export?format=sft`;

  const foreign: Record<string, string>[] = [
    { "sec-fetch-site": "cross-site" },
    { "sec-fetch-site": "same-site" },
    { origin: "https://evil.example" },
  ];
  for (const headers of foreign) {
    const response = await page.request.get(url, { headers });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
  }
  expect(await exportsOf()).toBe(0);
  expect(await auditsOf()).toBe(0);

  // A real cross-site navigation in Chromium: a page on another origin links to the export.
  const evil = http.createServer((_request, response) => {
    response.setHeader("content-type", "text/html");
    response.end(`<a id="go" href="${ownOrigin(baseURL)}${url}">free gift</a>`);
  });
  await new Promise<void>((resolve) => evil.listen(0, "127.0.0.1", resolve));
  try {
    const evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
    await page.goto(evilUrl);
    const answered = page.waitForResponse((response) => response.url().includes("/export?"));
    const downloaded = page.waitForEvent("download").then(() => "download" as const);
    await page.locator("#go").click();
    const outcome = await Promise.race([answered, downloaded]);
    expect(outcome, "the browser downloaded the export").not.toBe("download");
    const response = outcome as Response;
    expect(response.status()).toBe(403);
    expect((await response.request().allHeaders())["sec-fetch-site"]).toBe("cross-site");
  } finally {
    evil.close();
  }
  expect(await exportsOf()).toBe(0);
  expect(await auditsOf()).toBe(0);

  // The app's own requests still work, and API tokens do not depend on where a request came from.
  expect((await page.request.get(url, { headers: { "sec-fetch-site": "same-origin" } })).status()).toBe(200);
  const { token } = JSON.parse(
    execFileSync(
      path.join(root, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", "cli/main.ts", "token", "create", "--email", admin().email],
      { cwd: root, env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL }, encoding: "utf8" },
    ),
  ) as { token: string };
  const api = await playwrightRequest.newContext({ baseURL });
  const withToken = await api.get(url, {
    headers: { authorization: `Bearer ${token}`, "sec-fetch-site": "cross-site", origin: "https://tool.example" },
  });
  expect(withToken.status()).toBe(200);
  await api.dispose();
  expect(await exportsOf()).toBe(2);
});

test("API answers: no-store with credentials, full origin checks, server actions need an Origin, the right hint", async ({
  page,
  baseURL,
}) => {
  const own = ownOrigin(baseURL);
  await signIn(page, admin().email, admin().password);

  // Credentialed JSON is never stored by a browser or a shared cache.
  for (const response of [
    await page.request.get("/api/users"),
    await page.request.get("/api/projects"),
    await page.request.post("/api/projects", { headers: { origin: own }, data: { slug: "x" } }),
  ]) {
    expect(response.headers()["cache-control"], response.url()).toContain("no-store");
  }

  // The Origin must match in scheme, host and port; X-Forwarded-Host is not trusted without TRUST_PROXY.
  const slug = `origin-${randomUUID().slice(0, 8)}`;
  const port = new URL(own).port;
  const mismatched: Record<string, string>[] = [
    { origin: `https://localhost:${port}` },
    { origin: "http://localhost:1" },
    { origin: "https://evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    { origin: "null" },
  ];
  for (const headers of mismatched) {
    const response = await page.request.post("/api/projects", { headers, data: { slug, kind: "ranking" } });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
  }
  expect(await query("SELECT 1 FROM projects WHERE slug = $1", [slug])).toHaveLength(0);

  // A server action called with the admin's cookie but without an Origin does nothing.
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  const [actionId] = Object.entries(manifest.node).find(
    ([, a]) => a.filename === "app/(app)/admin/users/actions.ts" && a.exportedName === "createUserAction",
  )!;
  const email = `no-origin-${randomUUID().slice(0, 8)}@test.example`;
  // As React sends it: the form's fields first, then the arguments that point at them.
  const form = new FormData();
  form.append("_1_email", email);
  form.append("_1_role", "admin");
  form.append("_1_password", "a-long-enough-password");
  form.append("0", '[null,"$K1"]');
  const bare = await page.request.post("/admin/users", {
    headers: { "next-action": actionId, accept: "text/x-component" },
    multipart: form,
    maxRedirects: 0,
  });
  expect(bare.status()).toBe(403);
  expect(await query("SELECT 1 FROM users WHERE email = $1", [email])).toHaveLength(0);
  // With our Origin the same call works: the Origin is what was refused.
  const ownCall = await page.request.post("/admin/users", {
    headers: { "next-action": actionId, accept: "text/x-component", origin: own },
    multipart: form,
    maxRedirects: 0,
  });
  expect(ownCall.status()).toBe(200);
  expect(await query("SELECT 1 FROM users WHERE email = $1", [email])).toHaveLength(1);

  // Neither cookie nor token: the hint says how to authenticate, whatever the method.
  const anonymous = await playwrightRequest.newContext({ baseURL });
  for (const response of [
    await anonymous.post("/api/projects", { data: { slug, kind: "ranking" } }),
    await anonymous.get("/api/users"),
    await anonymous.post("/api/projects", { headers: { origin: "https://evil.example" }, data: { slug } }),
  ]) {
    expect(response.status(), response.url()).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe(
      "Sign in or send a bearer token",
    );
  }
  await anonymous.dispose();
});
