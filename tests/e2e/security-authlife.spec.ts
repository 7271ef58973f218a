// Attack tests: a session cookie copied before its session ended (sign-out, password reset,
// deactivation, role change) opens nothing afterwards, and /api/auth/session neither answers
// with a session nor renews the cookie; API tokens stop at revocation, expiry, a reset and a
// deactivation, and a reactivation brings back neither.
import {
  expect,
  request as playwrightRequest,
  test,
  type Browser,
  type BrowserContext,
  type Page,
} from "@playwright/test";
import { cliResult as cli } from "../support/run-cli";
import { admin, query, signIn, uniqueEmail } from "./helpers";

// Each test starts the CLI (tsx) a few times to make its victim: a few seconds each on a busy machine.
test.describe.configure({ timeout: 120_000 });

const PASSWORD = "authlife-password-1";

/** An admin of its own (so that /api/users answers 200 while the session lives), with a token. */
function makeVictim() {
  const email = uniqueEmail("victim");
  const { user } = cli(["user", "create", "--email", email, "--role", "admin"], PASSWORD) as { user: { id: string } };
  const { token, id: tokenId } = cli(["token", "create", "--email", email]) as { token: string; id: string };
  return { email, id: user.id, token, tokenId };
}

/** Signs in in a browser of its own and copies the cookies as a thief would. */
async function signedInCopy(
  browser: Browser,
  email: string,
): Promise<{ context: BrowserContext; page: Page; cookie: string }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, PASSWORD);
  await expect(page).toHaveURL(/\/admin$/);
  const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  expect(cookie).toContain("next-auth.session-token=");
  return { context, page, cookie };
}

/** Replays a copied cookie against a page, an API route and /api/auth/session, from a fresh client. */
async function replay(baseURL: string, cookie: string) {
  const client = await playwrightRequest.newContext({ baseURL });
  try {
    const page = await client.get("/admin", { headers: { cookie }, maxRedirects: 0 });
    const api = await client.get("/api/users", { headers: { cookie } });
    const session = await client.get("/api/auth/session", { headers: { cookie } });
    const renewed = session
      .headersArray()
      .filter((h) => h.name.toLowerCase() === "set-cookie" && /session-token=[^;]+/.test(h.value));
    return {
      page: page.status() === 200 ? 200 : `${page.status()} ${page.headers()["location"] ?? ""}`,
      api: api.status(),
      session: (await session.json()) as Record<string, unknown>,
      renewed: renewed.length > 0,
    };
  } finally {
    await client.dispose();
  }
}

async function expectOpen(baseURL: string, cookie: string, email: string) {
  const result = await replay(baseURL, cookie);
  expect(result).toMatchObject({ page: 200, api: 200, renewed: true });
  expect(JSON.stringify(result.session)).toContain(email);
}

async function expectEnded(baseURL: string, cookie: string) {
  const result = await replay(baseURL, cookie);
  expect(result.page).toMatch(/^30[27] .*\/login/);
  expect(result).toMatchObject({ api: 401, session: {}, renewed: false });
  expect(Object.keys(result.session)).toEqual([]);
}

async function bearerStatus(baseURL: string, token: string) {
  const client = await playwrightRequest.newContext({ baseURL });
  try {
    return (await client.get("/api/users", { headers: { authorization: `Bearer ${token}` } })).status();
  } finally {
    await client.dispose();
  }
}

test("a cookie copied before sign-out opens nothing after it, and is not renewed", async ({ browser, baseURL }) => {
  const victim = makeVictim();
  const { context, page, cookie } = await signedInCopy(browser, victim.email);
  await expectOpen(baseURL!, cookie, victim.email);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await expectEnded(baseURL!, cookie);
  // Signing out one browser leaves the user's API token alone.
  expect(await bearerStatus(baseURL!, victim.token)).toBe(200);
  await context.close();
});

test("a password reset ends the old cookie and revokes the user's tokens", async ({ page, browser, baseURL }) => {
  const victim = makeVictim();
  const copy = await signedInCopy(browser, victim.email);
  expect(await bearerStatus(baseURL!, victim.token)).toBe(200);

  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/users?q=${encodeURIComponent(victim.email)}`);
  const row = page.getByRole("row", { name: new RegExp(victim.email) });
  await row.locator("summary", { hasText: "Reset password" }).click();
  await row.getByLabel(`New password for ${victim.email}`).fill("a-brand-new-password");
  await row.getByRole("button", { name: `Set password for ${victim.email}` }).click();
  await page
    .getByRole("dialog", { name: `Reset the password of ${victim.email}?` })
    .getByRole("button", { name: `Reset password for ${victim.email}` })
    .click();
  await expect(row).toContainText("their open sessions have ended");

  await expectEnded(baseURL!, copy.cookie);
  expect(await bearerStatus(baseURL!, victim.token)).toBe(401);
  await copy.context.close();
});

test("a deactivation ends the old cookie and tokens, and a reactivation revives neither", async ({
  page,
  browser,
  baseURL,
}) => {
  const victim = makeVictim();
  const copy = await signedInCopy(browser, victim.email);

  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/users?q=${encodeURIComponent(victim.email)}`);
  await page.getByRole("button", { name: `Deactivate ${victim.email}` }).click();
  await page
    .getByRole("dialog", { name: `Deactivate ${victim.email}?` })
    .getByRole("button", { name: `Deactivate ${victim.email}` })
    .click();
  await expect(page.getByRole("row", { name: new RegExp(victim.email) })).toContainText("deactivated");
  await expectEnded(baseURL!, copy.cookie);
  expect(await bearerStatus(baseURL!, victim.token)).toBe(401);

  await page.getByRole("button", { name: `Reactivate ${victim.email}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(victim.email) })).not.toContainText("deactivated");
  await expectEnded(baseURL!, copy.cookie);
  expect(await bearerStatus(baseURL!, victim.token)).toBe(401);
  await copy.context.close();
});

test("a role change ends the old cookie", async ({ page, browser, baseURL }) => {
  const victim = makeVictim();
  const copy = await signedInCopy(browser, victim.email);

  await signIn(page, admin().email, admin().password);
  await page.goto(`/admin/users?q=${encodeURIComponent(victim.email)}`);
  await page.getByRole("button", { name: `Make labeler ${victim.email}` }).click();
  await expect(page.getByRole("button", { name: `Make admin ${victim.email}` })).toBeVisible();

  await expectEnded(baseURL!, copy.cookie);
  await copy.context.close();
});

test("DELETE /api/tokens/{id}: the owner or an admin revokes; anyone else gets 404 as for no token", async ({
  baseURL,
}) => {
  const owner = makeVictim();
  const other = makeVictim();
  const client = await playwrightRequest.newContext({ baseURL });
  const del = async (id: string, token: string) =>
    (await client.delete(`/api/tokens/${id}`, { headers: { authorization: `Bearer ${token}` } })).status();
  const labelerEmail = uniqueEmail("labeler");
  cli(["user", "create", "--email", labelerEmail, "--role", "labeler"], PASSWORD);
  const labeler = cli(["token", "create", "--email", labelerEmail]) as { token: string; id: string };
  const second = cli(["token", "create", "--email", labelerEmail]) as { token: string; id: string };

  // A labeler cannot tell another user's token from one that does not exist.
  expect(await del(owner.tokenId, labeler.token)).toBe(404);
  expect(await del("00000000-0000-4000-8000-000000000000", labeler.token)).toBe(404);
  expect(await del("not-a-uuid", labeler.token)).toBe(404);
  expect(await bearerStatus(baseURL!, owner.token)).toBe(200);

  // The owner revokes their own token (here with another of their own).
  expect(await del(labeler.id, second.token)).toBe(200);
  const me = await client.post(`/api/projects/none/tasks/next`, {
    headers: { authorization: `Bearer ${labeler.token}` },
  });
  expect(me.status()).toBe(401);

  // An admin revokes anyone's.
  expect(await del(owner.tokenId, other.token)).toBe(200);
  expect(await bearerStatus(baseURL!, owner.token)).toBe(401);
  await client.dispose();
});

test("an expired token answers 401", async ({ baseURL }) => {
  const victim = makeVictim();
  const { token, id } = cli(["token", "create", "--email", victim.email, "--expires-in-days", "1"]) as {
    token: string;
    id: string;
  };
  expect(await bearerStatus(baseURL!, token)).toBe(200);
  await query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [id]);
  expect(await bearerStatus(baseURL!, token)).toBe(401);
});
