// API token scopes (docs/API.md, "Token scopes"): a bearer token needs "label" for tasks and
// answers (the queue's hot path checks it in its own statement), "admin" for admin routes (with
// an admin's role, as before) and "ingest" for feedback; an ingest-only token can do nothing else.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import claimHandler from "@/pages/api/projects/[slug]/tasks/next";
import submitHandler from "@/pages/api/tasks/[leaseId]/submit";
import { GET as projectsRoute } from "@/app/api/projects/route";
import { GET as annotationsRoute } from "@/app/api/annotations/route";
import { POST as skipRoute } from "@/app/api/tasks/[leaseId]/skip/route";
import { db } from "@/lib/server/db/client";
import { createApiToken, hashToken, listApiTokens } from "@/lib/server/auth/api-tokens";
import { claimNextTaskFor } from "@/lib/server/queue/claim-next-task";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";
import { pagesRoute } from "../support/pages-api";
import { runCli } from "../support/run-cli";

const claimRoute = pagesRoute<{ slug: string }>(claimHandler);
const submitRoute = pagesRoute<{ leaseId: string }>(submitHandler);

afterAll(() => db.$disconnect());

const bearer = (token: string, init: RequestInit = {}) =>
  new Request("http://localhost/api/x", {
    method: "POST",
    ...init,
    headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) },
  });

const errorOf = async (answer: Response) => [
  answer.status,
  ((await answer.json()) as { error: { message: string } }).error.message,
];
const lacks = (scope: string, has: string) => `This API token lacks the "${scope}" scope (it has ${has})`;

describe("token scopes", () => {
  it("an ingest-only token cannot claim, submit, skip, read answers or use admin routes, and changes nothing", async () => {
    const { slug } = await makeProject("comparison", 1);
    await makeItems(slug, 2);
    // An admin who is also a member: everything but the scope would let them in.
    const admin = await makeMember(slug, "admin");
    const ingest = (await createApiToken(admin.email, null, "ingest", { scopes: ["ingest"] })).token;
    const full = (await createApiToken(admin.email, null, "all", { scopes: ["label", "admin", "ingest"] })).token;

    expect(await errorOf(await claimRoute(bearer(ingest), { params: Promise.resolve({ slug }) }))).toEqual([
      403,
      lacks("label", '"ingest"'),
    ]);
    expect(await db.lease.count({ where: { labelerId: admin.id } })).toBe(0);
    // The statement itself claimed nothing (not only the route's answer).
    await expect(claimNextTaskFor({ tokenHash: hashToken(ingest) }, slug)).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.lease.count({ where: { labelerId: admin.id } })).toBe(0);

    // The full token holds a task; the ingest token cannot submit or skip it.
    const claimed = await claimRoute(bearer(full), { params: Promise.resolve({ slug }) });
    expect(claimed.status).toBe(200);
    const { task } = (await claimed.json()) as { task: { id: string; item: { completions: { id: string }[] } } };
    const answer = JSON.stringify({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 });
    const submitted = await submitRoute(
      bearer(ingest, { headers: { "idempotency-key": randomUUID() }, body: answer }),
      {
        params: Promise.resolve({ leaseId: task.id }),
      },
    );
    expect(await errorOf(submitted)).toEqual([403, lacks("label", '"ingest"')]);
    const skipped = await skipRoute(bearer(ingest, { body: JSON.stringify({ reason: "x" }) }), {
      params: Promise.resolve({ leaseId: task.id }),
    });
    expect(await errorOf(skipped)).toEqual([403, lacks("label", '"ingest"')]);
    expect(await db.annotation.count({ where: { labelerId: admin.id } })).toBe(0);
    expect(await db.lease.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ state: "active" });

    expect(await errorOf(await annotationsRoute(bearer(ingest, { method: "GET" })))).toEqual([
      403,
      lacks("label", '"ingest"'),
    ]);
    expect(await errorOf(await projectsRoute(bearer(ingest, { method: "GET" })))).toEqual([
      403,
      lacks("admin", '"ingest"'),
    ]);
    // The full token does both.
    expect((await projectsRoute(bearer(full, { method: "GET" }))).status).toBe(200);
    const done = await submitRoute(bearer(full, { headers: { "idempotency-key": randomUUID() }, body: answer }), {
      params: Promise.resolve({ leaseId: task.id }),
    });
    expect(done.status).toBe(201);
  });

  it("a label-only token labels but is refused on admin routes, even an admin's", async () => {
    const { slug } = await makeProject("comparison", 1);
    await makeItems(slug, 1);
    const admin = await makeMember(slug, "admin");
    const label = (await createApiToken(admin.email, null, "label", { scopes: ["label"] })).token;
    expect((await claimRoute(bearer(label), { params: Promise.resolve({ slug }) })).status).toBe(200);
    expect(await errorOf(await projectsRoute(bearer(label, { method: "GET" })))).toEqual([
      403,
      lacks("admin", '"label"'),
    ]);
    // An admin-scoped token of a labeler is still refused by the role, as before scopes.
    const labeler = await makeUser();
    const labelerAdminScope = (await createApiToken(labeler.email, null, "x", { scopes: ["admin"] })).token;
    expect(await errorOf(await projectsRoute(bearer(labelerAdminScope, { method: "GET" })))).toEqual([
      403,
      "Admins only",
    ]);
  });

  it("tokens default to label and admin; scopes are listed and checked by the CLI and the database", async () => {
    const admin = await makeUser("admin");
    const made = await createApiToken(admin.email, null);
    expect(made.scopes).toEqual(["label", "admin"]);
    await createApiToken(admin.email, null, "svc", { scopes: ["ingest", "label", "ingest"] });
    expect((await listApiTokens({ id: admin.id })).map((t) => [t.name, t.scopes])).toEqual([
      ["svc", ["label", "ingest"]],
      ["cli", ["label", "admin"]],
    ]);
    await expect(createApiToken(admin.email, null, "x", { scopes: [] })).rejects.toMatchObject({ code: "bad_request" });
    await expect(createApiToken(admin.email, null, "x", { scopes: ["root"] })).rejects.toMatchObject({
      code: "bad_request",
    });
    await expect(
      db.$executeRawUnsafe(`UPDATE api_tokens SET scopes = ARRAY['root'] WHERE id = '${made.id}'`),
    ).rejects.toThrow(/api_tokens_scopes_known/);

    const cli = runCli(["token", "create", "--email", admin.email, "--scopes", "ingest"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ token: expect.stringMatching(/^rlhf_/), scopes: ["ingest"] });
    const listed = runCli(["token", "list", "--email", admin.email]);
    expect((JSON.parse(listed.stdout) as { tokens: { scopes: string[] }[] }).tokens[0]!.scopes).toEqual(["ingest"]);
    const bad = runCli(["token", "create", "--email", admin.email, "--scopes", "label,root"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--scopes.*scopes are label, admin, ingest/);
    const labeler = await makeUser();
    const refused = runCli(["token", "create", "--email", labeler.email, "--scopes", "label,ingest"]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/only admins may hold the "ingest" scope/);
  });
});
