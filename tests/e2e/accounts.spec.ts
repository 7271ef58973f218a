import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { admin, createUserThroughUi, signIn, uniqueEmail } from "./helpers";

const LABELER_PASSWORD = "labeler-e2e-password";

test("an admin creates a labeler, who can sign in but is kept out of the admin pages and APIs", async ({
  page,
  browser,
}) => {
  // Signing in as admin goes straight to /admin: "/" (which only sends an admin on) is never loaded.
  const paths: string[] = [];
  page.on("request", (request) => {
    // Prefetches of the header's links do not count: only what the browser is sent to.
    if (!request.headers()["next-router-prefetch"]) paths.push(new URL(request.url()).pathname);
  });
  await signIn(page, admin().email, admin().password);
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  expect(paths).toContain("/admin");
  expect(paths.filter((p) => p === "/")).toEqual([]);
  // The favicon is served.
  const icon = await page.request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", /\/icon\.svg/);

  const email = uniqueEmail("labeler");
  await createUserThroughUi(page, email, LABELER_PASSWORD);
  // A search that matches nobody says so.
  await page.goto(`/admin/users?q=nobody-${randomUUID().slice(0, 8)}`);
  await expect(page.getByTestId("no-people")).toContainText("No account has");
  await page.goto("/admin/users");

  // A refused form says why and keeps what was typed (except the password).
  const form = page.getByRole("form", { name: "Create user" });
  await form.getByLabel("Email").fill(email.toUpperCase());
  await form.getByLabel("Initial password").fill(LABELER_PASSWORD);
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("form-message")).toHaveText(`a user with email ${email} already exists`);
  await expect(form.getByLabel("Email")).toHaveValue(email.toUpperCase());
  await expect(form.getByLabel("Initial password")).toHaveValue("");

  // Bulk creation: a partly refused batch is a partial success, and a second batch adds its
  // one-time passwords to those still shown instead of replacing them.
  const [first, second] = [uniqueEmail("bulk"), uniqueEmail("bulk")];
  const bulk = page.getByRole("form", { name: "Create people in bulk" });
  await bulk.getByLabel(/One person per line/).fill(`${first}, Bulk One\nnot-an-email`);
  await bulk.getByRole("button", { name: "Create accounts" }).click();
  await expect(bulk.getByTestId("bulk-message")).toHaveText("Created 1 account. 1 line not created (below).");
  await expect(bulk.getByTestId("bulk-message").locator(".text-rose-700")).toHaveCount(0);
  await expect(bulk.getByTestId("bulk-refused")).toContainText("Line 2 (not-an-email)");
  await expect(bulk.getByTestId("bulk-created")).toContainText(first);
  await bulk.getByLabel(/One person per line/).fill(second);
  await bulk.getByRole("button", { name: "Create accounts" }).click();
  await expect(bulk.getByTestId("bulk-message")).toHaveText("Created 1 account.");
  await expect(bulk.getByTestId("bulk-refused")).toHaveCount(0);
  await expect(bulk.getByTestId("bulk-created").locator("tr")).toHaveCount(2);
  await expect(bulk.getByTestId("bulk-created")).toContainText(first);
  await expect(bulk.getByTestId("bulk-created")).toContainText(second);
  await bulk.getByRole("button", { name: /hide the passwords/ }).click();
  await expect(bulk.getByTestId("bulk-created")).toHaveCount(0);

  const labelerContext = await browser.newContext();
  const labeler = await labelerContext.newPage();
  await signIn(labeler, email, LABELER_PASSWORD);
  await expect(labeler).toHaveURL(/\/$/);
  await expect(labeler.getByRole("heading", { name: "My projects" })).toBeVisible();
  await expect(labeler.getByTestId("no-projects")).toBeVisible();
  await expect(labeler.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "People" })).toHaveCount(0);

  for (const path of ["/admin", "/admin/users", "/admin/projects"]) {
    await labeler.goto(path);
    await expect(labeler).toHaveURL(/\/\?denied=admin$/);
    await expect(labeler.getByTestId("denied-notice")).toBeVisible();
  }
  const api = await labeler.request.get("/api/users");
  expect(api.status()).toBe(403);
  const write = await labeler.request.post("/api/projects", {
    data: { slug: "sneaky", kind: "ranking" },
    headers: { origin: new URL(labeler.url()).origin },
  });
  expect(write.status()).toBe(403);
  await labelerContext.close();
});

test("a wrong password is refused with a clear message that does not reveal whether the email exists", async ({
  page,
}) => {
  await signIn(page, admin().email, "definitely-not-it");
  await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  await expect(page).toHaveURL(/\/login/);

  await signIn(page, uniqueEmail("nobody"), "definitely-not-it");
  await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");

  await page.goto("/admin");
  await expect(page).toHaveURL(/\/login/);
});

test("repeated failures lock the account with a message saying when to retry", async ({ page }) => {
  const email = uniqueEmail("locked");
  await signIn(page, admin().email, admin().password);
  await createUserThroughUi(page, email, LABELER_PASSWORD);
  await page.context().clearCookies();

  for (let i = 0; i < 5; i += 1) {
    await signIn(page, email, `wrong-${i}-password`);
    await expect(page.getByTestId("login-error")).toHaveText("Wrong email or password.");
  }
  await signIn(page, email, LABELER_PASSWORD);
  await expect(page.getByTestId("login-error")).toHaveText(
    /Too many failed sign-in attempts\. Try again in 1[45] minutes\./,
  );
});

test("deactivating a labeler or changing their role ends their open session", async ({ page, browser }) => {
  await signIn(page, admin().email, admin().password);
  // One tag in both emails: the paged list is searched for both rows at once.
  const tag = randomUUID().slice(0, 8);
  const first = `deactivated-${tag}@test.example`;
  const second = `promoted-${tag}@test.example`;
  await createUserThroughUi(page, first, LABELER_PASSWORD);
  await createUserThroughUi(page, second, LABELER_PASSWORD);
  await page.goto(`/admin/users?q=${tag}`);
  await expect(page.getByTestId("users-table").locator("tbody tr")).toHaveCount(2);

  const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
  const [firstPage, secondPage] = await Promise.all(contexts.map((c) => c.newPage()));
  await signIn(firstPage!, first, LABELER_PASSWORD);
  await signIn(secondPage!, second, LABELER_PASSWORD);
  await expect(firstPage!.getByRole("heading", { name: "My projects" })).toBeVisible();
  await expect(secondPage!.getByRole("heading", { name: "My projects" })).toBeVisible();

  // Wait for the buttons that only the changed rows show: the email itself contains
  // "deactivated" and the old row already says "Make admin".
  // Both ask first, in a dialog that names the person; the dialog's button does it.
  await page.getByRole("button", { name: `Deactivate ${first}` }).click();
  const deactivate = page.getByRole("dialog", { name: `Deactivate ${first}?` });
  await expect(deactivate).toContainText("cannot sign in");
  await deactivate.getByRole("button", { name: `Deactivate ${first}` }).click();
  await expect(page.getByRole("button", { name: `Reactivate ${first}` })).toBeVisible();
  await page.getByRole("button", { name: `Make admin ${second}` }).click();
  // Cancel changes nothing.
  await page
    .getByRole("dialog", { name: `Make ${second} an admin?` })
    .getByRole("button", { name: "Cancel" })
    .click();
  await expect(page.getByRole("dialog")).toHaveCount(0);
  await expect(page.getByRole("button", { name: `Make labeler ${second}` })).toHaveCount(0);
  await page.getByRole("button", { name: `Make admin ${second}` }).click();
  await page
    .getByRole("dialog", { name: `Make ${second} an admin?` })
    .getByRole("button", { name: `Make ${second} an admin` })
    .click();
  await expect(page.getByRole("button", { name: `Make labeler ${second}` })).toBeVisible();

  await firstPage!.reload();
  await expect(firstPage!).toHaveURL(/\/login/);
  await secondPage!.reload();
  await expect(secondPage!).toHaveURL(/\/login/);
  // The promoted user signs in again and now lands on the admin pages.
  await signIn(secondPage!, second, LABELER_PASSWORD);
  await expect(secondPage!).toHaveURL(/\/admin$/);
  // The deactivated one cannot sign in at all.
  await signIn(firstPage!, first, LABELER_PASSWORD);
  await expect(firstPage!.getByTestId("login-error")).toHaveText("Wrong email or password.");
  // Both changes are in the audit log, filterable by action.
  await page.goto("/admin/audit?action=user.deactivate");
  await expect(page.getByTestId("audit-table")).toContainText(first);
  await expect(page.getByTestId("audit-table")).toContainText("active: true → false");
  await page.goto("/admin/audit?action=user.change_role");
  await expect(page.getByTestId("audit-table")).toContainText("role: labeler → admin");
  await Promise.all(contexts.map((c) => c.close()));
});

test("a client cannot choose the address that per-address sign-in limits count", async ({ request }) => {
  const forged = "203.0.113.77";
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  const count = async (keys: string[]) =>
    (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM login_attempts WHERE key = ANY($1)", [keys]))
      .rows[0]!.n;
  const loopbackKeys = ["ip:::1", "ip:127.0.0.1", "ip:::ffff:127.0.0.1"];
  try {
    const before = await count(loopbackKeys);
    const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const response = await request.post("/api/auth/callback/credentials", {
      form: { csrfToken: csrf.csrfToken, email: uniqueEmail("forger"), password: "wrong-password", json: "true" },
      headers: { "x-forwarded-for": forged, "x-rlhf-client-address": forged },
    });
    expect(response.status()).toBeLessThan(500);
    expect(await count([`ip:${forged}`])).toBe(0);
    expect(await count(loopbackKeys)).toBe(before + 1);
  } finally {
    await client.end();
  }
});
