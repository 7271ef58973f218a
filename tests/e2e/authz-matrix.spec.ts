// Every route handler and page of the app against four callers (tests/support/authz-matrix.ts):
// anonymous, a labeler outside the project, a labeler in it, and an admin who is not a member.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import { ACTIONS, CALLERS, PAGES, ROUTES, type AuthzContext, type Caller } from "../support/authz-matrix";
import { admin, signIn } from "./helpers";

interface AuthzFixture {
  slug: string;
  people: Record<"member" | "outsider", { email: string; password: string; token: string }>;
  adminToken: string;
  exportId: string;
  userId: string;
  spareEmail: string;
  spareTokenId: string;
  itemId: string;
}

function makeAuthzFixture(): AuthzFixture {
  const root = path.resolve(__dirname, "..", "..");
  const output = execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/e2e/support/authz-fixture.ts", admin().email],
    { cwd: root, env: { ...process.env, DATABASE_URL: process.env.TEST_DATABASE_URL }, encoding: "utf8" },
  );
  return JSON.parse(output) as AuthzFixture;
}

/** The values the matrix builds its requests from; `task` claims the member's current task. */
function contextOf(fixture: AuthzFixture, task: AuthzContext["task"]): AuthzContext {
  return {
    slug: fixture.slug,
    exportId: fixture.exportId,
    userId: fixture.userId,
    spareEmail: fixture.spareEmail,
    spareTokenId: fixture.spareTokenId,
    itemId: fixture.itemId,
    unique: () => randomUUID().slice(0, 8),
    task,
  };
}

function credentialsOf(
  fixture: AuthzFixture,
): Record<Exclude<Caller, "anonymous">, { email: string; password: string }> {
  return { outsider: fixture.people.outsider, member: fixture.people.member, admin: admin() };
}

test("every route handler answers each caller as the matrix says", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const fixture = makeAuthzFixture();
  const origin = new URL(baseURL!).origin;
  const clients: Record<Caller, APIRequestContext> = {
    anonymous: await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin } }),
    outsider: await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${fixture.people.outsider.token}` },
    }),
    member: await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${fixture.people.member.token}` },
    }),
    admin: await playwrightRequest.newContext({
      baseURL,
      extraHTTPHeaders: { authorization: `Bearer ${fixture.adminToken}` },
    }),
  };
  const context = contextOf(fixture, async () => {
    const response = await clients.member.post(`/api/projects/${fixture.slug}/tasks/next`);
    expect(response.status(), "the member can claim a task").toBe(200);
    const { task } = (await response.json()) as { task: { id: string; item: { completions: { id: string }[] } } };
    return { id: task.id, completions: task.item.completions.map((c) => c.id) };
  });
  const outcomes: string[] = [];
  const expected: string[] = [];
  for (const [name, entry] of Object.entries(ROUTES)) {
    const method = name.split(" ")[0]!;
    const order: Caller[] = entry.consumesLease ? ["anonymous", "outsider", "admin", "member"] : CALLERS;
    for (const caller of order) {
      const body = entry.body ? await entry.body(context) : undefined;
      const response = await clients[caller].fetch(await entry.path(context), {
        method,
        headers: entry.headers,
        data: typeof body === "string" ? body : body === undefined ? undefined : JSON.stringify(body),
        maxRedirects: 0,
      });
      outcomes.push(`${name} as ${caller}: ${response.status()}`);
      expected.push(`${name} as ${caller}: ${entry.expect[caller]}`);
    }
  }
  // One comparison of the whole table: a failure shows every line that differs.
  expect(outcomes).toEqual(expected);
  for (const client of Object.values(clients)) await client.dispose();
});

test("every page shows each caller what the matrix says", async ({ browser }) => {
  test.setTimeout(120_000);
  const fixture = makeAuthzFixture();
  const credentials = credentialsOf(fixture);
  const context = contextOf(fixture, async () => ({ id: "", completions: [] }));
  const outcomes: string[] = [];
  const expected: string[] = [];
  for (const caller of CALLERS) {
    const browserContext = await browser.newContext();
    const page = await browserContext.newPage();
    if (caller !== "anonymous") await signIn(page, credentials[caller].email, credentials[caller].password);
    for (const [name, entry] of Object.entries(PAGES)) {
      const target = entry.path(context);
      const response = await page.goto(target);
      const landed = new URL(page.url());
      const where = `${landed.pathname}${landed.search}`;
      const outcome = where === target ? response!.status() : where;
      outcomes.push(`${name} as ${caller}: ${outcome}`);
      expected.push(`${name} as ${caller}: ${entry.expect[caller]}`);
    }
    await browserContext.close();
  }
  expect(outcomes).toEqual(expected);
});

test("every server action refuses anyone but an admin, before reading its form", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const fixture = makeAuthzFixture();
  // The build under test names each action's id, file, exported name and the page that serves it.
  const manifest = JSON.parse(
    readFileSync(path.resolve(__dirname, "..", "..", ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };
  const pathOf = (worker: string) =>
    `/${worker
      .replace(/^app\//, "")
      .replace(/\/page$/, "")
      .split("/")
      .filter((part) => !/^\(.*\)$/.test(part))
      .join("/")}`
      .replace("[slug]", fixture.slug)
      .replace("[itemId]", fixture.itemId);
  const credentials = credentialsOf(fixture);
  const expectedFor: Record<Caller, string> = {
    anonymous: "redirect /login",
    outsider: "redirect /?denied=admin",
    member: "redirect /?denied=admin",
    admin: "runs",
  };
  const outcomes: string[] = [];
  const expected: string[] = [];
  for (const caller of CALLERS) {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (caller !== "anonymous") await signIn(page, credentials[caller].email, credentials[caller].password);
    for (const name of Object.keys(ACTIONS)) {
      const [file, exportedName] = name.split("#") as [string, string];
      const entry = Object.entries(manifest.node).find(
        ([, a]) => a.filename === file && a.exportedName === exportedName,
      );
      expect(entry, `${name} is in the build`).toBeDefined();
      const [id, action] = entry!;
      // An action called the way React calls it: (previous state, form data), here a form
      // that fails validation, so that an admin's call changes nothing.
      const response = await context.request.post(pathOf(Object.keys(action.workers)[0]!), {
        headers: { "next-action": id, origin: new URL(baseURL!).origin, accept: "text/x-component" },
        multipart: { "0": '[null,"$K1"]', "1_probe": "not a valid form" },
        maxRedirects: 0,
      });
      const redirect = response.headers()["x-action-redirect"]?.split(";")[0];
      outcomes.push(
        `${name} as ${caller}: ${redirect ? `redirect ${redirect}` : response.status() === 200 ? "runs" : response.status()}`,
      );
      expected.push(`${name} as ${caller}: ${expectedFor[caller]}`);
    }
    await context.close();
  }
  expect(outcomes).toEqual(expected);
});
