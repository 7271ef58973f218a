// Every route handler, page and server action of the app against four callers
// (tests/support/authz-matrix.ts): anonymous, a labeler outside the project, a labeler in it,
// and an admin who is not a member.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import {
  expect,
  request as playwrightRequest,
  test,
  type APIRequestContext,
  type APIResponse,
  type Browser,
  type BrowserContext,
} from "@playwright/test";
import { ACTIONS, CALLERS, PAGES, ROUTES, type AuthzContext, type Caller } from "../support/authz-matrix";
import {
  actionCallBody,
  actionPage,
  multipartFields,
  noScriptFormBody,
  type LeadingArguments,
} from "../support/server-action-form";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { admin, signIn } from "./helpers";
import { changedTables, fingerprints } from "./support/table-fingerprints";

interface AuthzFixture {
  slug: string;
  people: Record<"member" | "outsider", { email: string; password: string; token: string }>;
  adminToken: string;
  exportId: string;
  userId: string;
  spareEmail: string;
  spareTokenId: string;
  itemId: string;
  completionId: string;
  leaverId: string;
  leaverTokenId: string;
  targetUserId: string;
  modelEndpointId: string;
  modelToRemoveByRouteId: string;
  modelToRemoveByActionId: string;
  generationJobId: string;
  generationToResumeId: string;
  answerId: string;
  answerCompletions: string[];
  conversationSlug: string;
  conversationId: string;
  conversationLeaseId: string;
  judges: AuthzContext["judges"];
}

// The model endpoints' Test route and action send a request: this stub answers it.
let stub: OpenAIStub;
test.beforeAll(async () => {
  stub = await startOpenAIStub();
});
test.afterAll(async () => {
  await stub.close();
});

function makeAuthzFixture(): AuthzFixture {
  const root = path.resolve(__dirname, "..", "..");
  const output = execFileSync(
    path.join(root, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "tests/e2e/support/authz-fixture.ts", admin().email, stub.url],
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
    completionId: fixture.completionId,
    leaverId: fixture.leaverId,
    leaverTokenId: fixture.leaverTokenId,
    targetUserId: fixture.targetUserId,
    modelEndpointId: fixture.modelEndpointId,
    modelToRemoveByRouteId: fixture.modelToRemoveByRouteId,
    modelToRemoveByActionId: fixture.modelToRemoveByActionId,
    generationJobId: fixture.generationJobId,
    generationToResumeId: fixture.generationToResumeId,
    answerId: fixture.answerId,
    answerCompletions: fixture.answerCompletions,
    conversationSlug: fixture.conversationSlug,
    conversationId: fixture.conversationId,
    conversationLeaseId: fixture.conversationLeaseId,
    judges: fixture.judges,
    conversationReplies: () => Promise.reject(new Error("only the route matrix reads the conversation")),
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
  context.conversationReplies = async () => {
    const response = await clients.member.get(`/api/conversations/${fixture.conversationId}`);
    const { conversation } = (await response.json()) as {
      conversation: { turns: { replies: { id: string; position: number }[] }[] };
    };
    return [...conversation.turns[0]!.replies].sort((a, b) => a.position - b.position).map((r) => r.id);
  };
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

/** The build's manifest: each server action's id, file, exported name and the pages serving it. */
let manifest: { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };

/** A server action of the build under test: its id and the page that serves it. */
function builtAction(name: string, fixture: AuthzFixture) {
  manifest ??= JSON.parse(
    readFileSync(path.resolve(__dirname, "..", "..", ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as typeof manifest;
  const [file, exportedName] = name.split("#") as [string, string];
  const entry = Object.entries(manifest.node).find(([, a]) => a.filename === file && a.exportedName === exportedName);
  expect(entry, `${name} is in the build`).toBeDefined();
  const [id, action] = entry!;
  // The values of the page's dynamic segments ([slug], [itemId], [id] of a person).
  const params = { slug: fixture.slug, itemId: fixture.itemId, id: fixture.userId };
  return { id, page: actionPage(Object.keys(action.workers)[0]!, params) };
}

type Encoding = "script" | "no-script";

/** Posts a form to an action as a browser does, with JavaScript (fetch) or without (form post). */
function callAction(
  client: APIRequestContext,
  action: ReturnType<typeof builtAction>,
  fields: Record<string, string>,
  encoding: Encoding,
  origin: string,
  leading?: LeadingArguments,
) {
  return client.post(action.page.url, {
    headers:
      encoding === "script"
        ? {
            "next-action": action.id,
            "next-router-state-tree": action.page.routerStateTree,
            accept: "text/x-component",
            origin,
          }
        : { accept: "text/html", origin },
    multipart: encoding === "script" ? actionCallBody(fields, leading) : noScriptFormBody(action.id, fields, leading),
    maxRedirects: 0,
  });
}

/** An action's answer: where it redirected, or whether it succeeded (with its message if not). */
async function outcomeOf(response: APIResponse, encoding: Encoding): Promise<string> {
  const redirect =
    encoding === "script" ? response.headers()["x-action-redirect"]?.split(";")[0] : response.headers()["location"];
  if (redirect) {
    const target = new URL(redirect, "http://app.invalid");
    return `redirect ${target.pathname}${target.search}`;
  }
  if (response.status() !== 200) return `HTTP ${response.status()}`;
  if (encoding === "no-script") return "HTTP 200";
  // The RSC answer: row 0 names the row holding the action's return value ({ ok, message }).
  const rows = new Map(
    (await response.text())
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]),
  );
  const root = JSON.parse(rows.get("0") ?? "{}") as { a?: string };
  const result = root.a?.startsWith("$@") ? JSON.parse(rows.get(root.a.slice(2)) ?? "null") : null;
  return (result as { ok?: boolean } | null)?.ok === true ? "succeeds" : `answers ${JSON.stringify(result)}`;
}

/** A signed-in browser session per caller; its request context carries the session cookie. */
async function sessionsOf(browser: Browser, fixture: AuthzFixture) {
  const credentials = credentialsOf(fixture);
  const sessions = {} as Record<Caller, APIRequestContext>;
  const contexts: BrowserContext[] = [];
  for (const caller of CALLERS) {
    const context = await browser.newContext();
    contexts.push(context);
    if (caller !== "anonymous") {
      const page = await context.newPage();
      await signIn(page, credentials[caller].email, credentials[caller].password);
      await page.close();
    }
    sessions[caller] = context.request;
  }
  return { sessions, close: () => Promise.all(contexts.map((c) => c.close())) };
}

test("the matrix calls an action with the request Chromium sends for the form", async ({ browser }) => {
  const fixture = makeAuthzFixture();
  const name = "app/(app)/admin/projects/[slug]/actions.ts#addMemberAction";
  const action = builtAction(name, fixture);
  const fields = ACTIONS[name]!.form(contextOf(fixture, async () => ({ id: "", completions: [] })));
  const signedIn = await browser.newContext();
  await signIn(await signedIn.newPage(), admin().email, admin().password);
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ javaScriptEnabled });
    await context.addCookies(await signedIn.cookies());
    const page = await context.newPage();
    await page.goto(`/admin/projects/${fixture.slug}?tab=members`);
    const form = page.getByRole("form", { name: "Add a member" });
    await form.getByLabel("Email of the person to add").fill(fixture.spareEmail);
    const sent = page.waitForRequest((r) => r.method() === "POST");
    await form.getByRole("button", { name: "Add to project" }).click();
    const request = await sent;
    const headers = await request.allHeaders();
    const captured = multipartFields(request.postDataBuffer()!, headers["content-type"]!);
    expect(new URL(request.url()).pathname).toBe(action.page.url);
    if (javaScriptEnabled) {
      await expect(page.getByText(`Added ${fixture.spareEmail}.`)).toBeVisible();
      expect(headers["next-action"]).toBe(action.id);
      // The page's key carries the tab's query (__PAGE__?{"tab":"members"}); the action does not read it.
      const withoutQuery = (tree: string) =>
        encodeURIComponent(decodeURIComponent(tree).replace(/"__PAGE__\?(?:[^"\\]|\\.)*"/, '"__PAGE__"'));
      expect(withoutQuery(headers["next-router-state-tree"]!)).toBe(action.page.routerStateTree);
      expect(headers["accept"]).toBe("text/x-component");
      // Progressive enhancement's hidden inputs ride along inside the form; the action ignores them.
      expect(captured.filter(([key]) => !key.startsWith("_1_$ACTION_"))).toEqual([...actionCallBody(fields).entries()]);
    } else {
      expect(headers["next-action"]).toBeUndefined();
      // The browser numbers the action's hidden inputs per page and adds $ACTION_KEY (the
      // useActionState to answer); the numbers do not matter to React.
      const numbered = (entries: [string, FormDataEntryValue][]) =>
        entries
          .filter(([key]) => key !== "$ACTION_KEY")
          .map(([key, value]) => [key.replace(/^\$ACTION_(REF_)?\d+/, "$ACTION_$1N"), value]);
      expect(numbered(captured)).toEqual(numbered([...noScriptFormBody(action.id, fields).entries()]));
    }
    await context.close();
  }
  await signedIn.close();
});

test("every server action refuses anyone but an admin and changes nothing; the admin's same form does its work", async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const fixture = makeAuthzFixture();
  const context = contextOf(fixture, async () => ({ id: "", completions: [] }));
  const origin = new URL(baseURL!).origin;
  const { sessions, close } = await sessionsOf(browser, fixture);
  const database = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await database.connect();
  const refusal: Record<Exclude<Caller, "admin">, string> = {
    anonymous: "redirect /login",
    outsider: "redirect /?denied=admin",
    member: "redirect /?denied=admin",
  };
  const outcomes: string[] = [];
  const expected: string[] = [];
  const call = async (name: string, caller: Caller, encoding: Encoding, fields: Record<string, string>) => {
    const action = builtAction(name, fixture);
    const before = await fingerprints(database);
    const response = await callAction(sessions[caller], action, fields, encoding, origin, ACTIONS[name]!.leading);
    const outcome = await outcomeOf(response, encoding);
    const changed = changedTables(before, await fingerprints(database)).join(", ") || "nothing";
    outcomes.push(`${name} as ${caller} (${encoding}): ${outcome}; changed ${changed}`);
  };
  try {
    for (const [name, entry] of Object.entries(ACTIONS)) {
      // The same valid form from every caller: only the admin's may change anything.
      const fields = entry.form(context);
      for (const caller of ["anonymous", "outsider", "member"] as const) {
        for (const encoding of ["script", "no-script"] as const) {
          await call(name, caller, encoding, fields);
          expected.push(`${name} as ${caller} (${encoding}): ${refusal[caller]}; changed nothing`);
        }
      }
      await call(name, "admin", "script", fields);
      const success = entry.redirectsTo ? `redirect ${entry.redirectsTo(fields)}` : "succeeds";
      expected.push(`${name} as admin (script): ${success}; changed ${[...entry.writes].sort().join(", ")}`);
    }
    // A form posted without JavaScript reaches its action too (a fresh project, so it changes).
    const create = "app/(app)/admin/projects/actions.ts#createProjectAction";
    const createForm = ACTIONS[create]!.form(context);
    await call(create, "admin", "no-script", createForm);
    expected.push(
      `${create} as admin (no-script): redirect ${ACTIONS[create]!.redirectsTo!(createForm)}; changed ${[...ACTIONS[create]!.writes].sort().join(", ")}`,
    );
  } finally {
    await database.end();
    await close();
  }
  // One comparison of the whole table: a failure shows every line that differs.
  expect(outcomes).toEqual(expected);
});
