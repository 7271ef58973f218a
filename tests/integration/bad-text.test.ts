// Text PostgreSQL cannot store (NUL, lone surrogates) and malformed ids in the URL get a 400
// or 404 from every route that takes them, never a 500. The route handlers are called as
// Next calls them, with an API token.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as createProjectRoute } from "@/app/api/projects/route";
import { POST as addMemberRoute } from "@/app/api/projects/[slug]/members/route";
import { GET as agreementRoute } from "@/app/api/projects/[slug]/agreement/route";
import { GET as exportRoute } from "@/app/api/projects/[slug]/export/route";
import { POST as importRoute } from "@/app/api/projects/[slug]/import/route";
import claimHandler from "@/pages/api/projects/[slug]/tasks/next";
import { PUT as draftRoute } from "@/app/api/tasks/[leaseId]/draft/route";
import { POST as heartbeatRoute } from "@/app/api/tasks/[leaseId]/heartbeat/route";
import { POST as skipRoute } from "@/app/api/tasks/[leaseId]/skip/route";
import submitHandler from "@/pages/api/tasks/[leaseId]/submit";
import { GET as exportRecordRoute } from "@/app/api/exports/[id]/route";
import { PATCH as updateUserRoute } from "@/app/api/users/[id]/route";
import { db } from "@/lib/server/db/client";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";
import { pagesRoute } from "../support/pages-api";

const claimRoute = pagesRoute<{ slug: string }>(claimHandler);
const submitRoute = pagesRoute<{ leaseId: string }>(submitHandler);

afterAll(() => db.$disconnect());

const BAD = { NUL: "before\u0000after", "a lone surrogate": "before\ud800after" };

let adminToken: string;
let labelerToken: string;
let slug: string;
let demoSlug: string;

beforeAll(async () => {
  const admin = await makeUser("admin");
  adminToken = (await createApiToken(admin.email, null)).token;
  slug = (await makeProject("comparison", 2)).slug;
  demoSlug = (await makeProject("demonstration", 2)).slug;
  await makeItems(slug, 3);
  await makeItems(demoSlug, 3, 0);
  const labeler = await makeMember(slug);
  await db.membership.create({
    data: { projectId: (await db.project.findUniqueOrThrow({ where: { slug: demoSlug } })).id, userId: labeler.id },
  });
  labelerToken = (await createApiToken(labeler.email, null)).token;
});

function call(token: string, method: string, body?: unknown, headers: Record<string, string> = {}) {
  return new Request("http://localhost/api/test", {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

async function claim(projectSlug: string) {
  const response = await claimRoute(call(labelerToken, "POST"), params({ slug: projectSlug }));
  expect(response.status).toBe(200);
  return ((await response.json()) as { task: { id: string; item: { completions: { id: string }[] } } }).task;
}

async function expectFieldRefused(response: Response, field: string) {
  expect(response.status).toBe(400);
  const { error } = (await response.json()) as { error: { message: string; details: { path: string }[] } };
  expect(error.details.map((d) => d.path)).toContain(field);
  expect(error.message).toContain(field);
}

describe.each(Object.entries(BAD))("a free-text field with %s", (_kind, bad) => {
  it("demonstration text: 400 naming text", async () => {
    const task = await claim(demoSlug);
    const response = await submitRoute(
      call(labelerToken, "POST", { text: `A reply ${bad}` }, { "idempotency-key": randomUUID() }),
      params({ leaseId: task.id }),
    );
    await expectFieldRefused(response, "text");
  });

  it("draft: 400 naming text", async () => {
    const task = await claim(demoSlug);
    await expectFieldRefused(
      await draftRoute(call(labelerToken, "PUT", { text: bad }), params({ leaseId: task.id })),
      "text",
    );
  });

  it("comment: 400 naming comment", async () => {
    const task = await claim(slug);
    const response = await submitRoute(
      call(
        labelerToken,
        "POST",
        { ranking: task.item.completions.map((c) => [c.id]), comment: bad },
        { "idempotency-key": randomUUID() },
      ),
      params({ leaseId: task.id }),
    );
    await expectFieldRefused(response, "comment");
  });

  it("rewrite: 400 naming rewrite.text", async () => {
    const task = await claim(slug);
    const best = task.item.completions[0]!.id;
    const response = await submitRoute(
      call(
        labelerToken,
        "POST",
        { ranking: task.item.completions.map((c) => [c.id]), rewrite: { completionId: best, text: bad } },
        { "idempotency-key": randomUUID() },
      ),
      params({ leaseId: task.id }),
    );
    await expectFieldRefused(response, "rewrite.text");
  });

  it("skip reason: 400 naming reason", async () => {
    const task = await claim(slug);
    await expectFieldRefused(
      await skipRoute(call(labelerToken, "POST", { reason: bad }), params({ leaseId: task.id })),
      "reason",
    );
  });

  it("project name and guidelines, member email, user name: 400 naming each", async () => {
    await expectFieldRefused(
      await createProjectRoute(
        call(adminToken, "POST", { slug: `p-${randomUUID().slice(0, 8)}`, kind: "ranking", name: bad }),
      ),
      "name",
    );
    await expectFieldRefused(
      await createProjectRoute(
        call(adminToken, "POST", { slug: `p-${randomUUID().slice(0, 8)}`, kind: "ranking", guidelines: bad }),
      ),
      "guidelines",
    );
    await expectFieldRefused(
      await addMemberRoute(call(adminToken, "POST", { email: `x${bad}@example.com` }), params({ slug })),
      "email",
    );
    const someone = await makeUser();
    await expectFieldRefused(
      await updateUserRoute(call(adminToken, "PATCH", { name: bad }), params({ id: someone.id })),
      "name",
    );
  });
});

describe("malformed ids and slugs in the URL", () => {
  const slugs = ["nul\u0000slug", "Not A Slug", "x".repeat(300), "\ud800"];

  it.each(slugs.map((s) => [JSON.stringify(s), s]))("project routes answer 404 for slug %s", async (_name, bad) => {
    const responses = [
      await claimRoute(call(labelerToken, "POST"), params({ slug: bad })),
      await addMemberRoute(call(adminToken, "POST", { email: "someone@example.com" }), params({ slug: bad })),
      await agreementRoute(call(adminToken, "GET"), params({ slug: bad })),
      await exportRoute(
        new Request("http://localhost/api/x?format=sft", { headers: { authorization: `Bearer ${adminToken}` } }),
        params({ slug: bad }),
      ),
      await importRoute(
        new Request("http://localhost/api/x", {
          method: "POST",
          headers: { authorization: `Bearer ${adminToken}` },
          body: '{"prompt": "hello"}\n',
        }),
        params({ slug: bad }),
      ),
    ];
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404]);
  });

  it.each([["nul\u0000"], ["not-a-uuid"], ["------------------------------------"], ["99999999999999999999"]])(
    "id routes answer 404 for %j",
    async (bad) => {
      const responses = [
        await submitRoute(
          call(labelerToken, "POST", { text: "x" }, { "idempotency-key": randomUUID() }),
          params({ leaseId: bad }),
        ),
        await heartbeatRoute(call(labelerToken, "POST"), params({ leaseId: bad })),
        await draftRoute(call(labelerToken, "PUT", { text: "x" }), params({ leaseId: bad })),
        await skipRoute(call(labelerToken, "POST", { reason: "x" }), params({ leaseId: bad })),
        await exportRecordRoute(call(adminToken, "GET"), params({ id: bad })),
        await updateUserRoute(call(adminToken, "PATCH", { name: "x" }), params({ id: bad })),
      ];
      expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404]);
    },
  );
});
