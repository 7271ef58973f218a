// The queue's two pages/api handlers (pages/api/, lib/server/node-api.ts) answer as the route
// handlers they replaced did: the same body cap and 413, the same method answers, the same
// JSON errors. Called through tests/support/pages-api.ts (Node-style request and response).
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import claimHandler from "@/pages/api/projects/[slug]/tasks/next";
import submitHandler from "@/pages/api/tasks/[leaseId]/submit";
import bodyLimits from "@/lib/body-limits.json";
import { db } from "@/lib/server/db/client";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { makeItems, makeMember, makeProject } from "../support/factories";
import { pagesRoute } from "../support/pages-api";

const claimRoute = pagesRoute<{ slug: string }>(claimHandler);
const submitRoute = pagesRoute<{ leaseId: string }>(submitHandler);

afterAll(() => db.$disconnect());

async function heldTask() {
  const { slug } = await makeProject("comparison", 1);
  await makeItems(slug, 2);
  const labeler = await makeMember(slug);
  const token = (await createApiToken(labeler.email, null)).token;
  const claimed = await claimRoute(
    new Request("http://localhost/api/x", { method: "POST", headers: { authorization: `Bearer ${token}` } }),
    { params: Promise.resolve({ slug }) },
  );
  expect(claimed.status).toBe(200);
  const { task } = (await claimed.json()) as { task: { id: string; item: { completions: { id: string }[] } } };
  const submit = (body: string, headers: Record<string, string> = {}) =>
    submitRoute(
      new Request(`http://localhost/api/tasks/${task.id}/submit`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "idempotency-key": randomUUID(), ...headers },
        body,
      }),
      { params: Promise.resolve({ leaseId: task.id }) },
    );
  return { slug, token, task, submit };
}

describe("the queue's pages/api handlers", () => {
  it("refuse a body past the JSON cap with 413, declared or streamed, and store nothing", async () => {
    const { task, submit } = await heldTask();
    const big = JSON.stringify({ ranking: [["x".repeat(bodyLimits.jsonBytes)]] });
    for (const headers of [{ "content-length": String(Buffer.byteLength(big)) }, {}] as Record<string, string>[]) {
      const answer = await submit(big, headers);
      expect(answer.status).toBe(413);
      expect(await answer.json()).toMatchObject({ error: { code: "too_large" } });
    }
    expect(await db.annotation.count({ where: { leaseId: task.id } })).toBe(0);
  });

  it("answer bad JSON and a bad answer with 400, as parseJsonBody does", async () => {
    const { submit } = await heldTask();
    const notJson = await submit("{");
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toEqual({ error: { code: "bad_request", message: "Body is not valid JSON" } });
    const wrong = await submit(JSON.stringify({ ranking: "first" }));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid request body: /);
  });

  it("answer only POST: OPTIONS lists it, any other method is 405", async () => {
    const { slug } = await heldTask();
    const call = (method: string) =>
      claimRoute(new Request("http://localhost/api/x", { method }), { params: Promise.resolve({ slug }) });
    const options = await call("OPTIONS");
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("OPTIONS, POST");
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) expect((await call(method)).status).toBe(405);
  });

  it("refuse a caller with neither token nor session, and a revoked-looking token, with 401", async () => {
    const { slug } = await heldTask();
    const call = (headers: Record<string, string>) =>
      claimRoute(new Request("http://localhost/api/x", { method: "POST", headers }), {
        params: Promise.resolve({ slug }),
      });
    const anonymous = await call({});
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({
      error: { code: "unauthenticated", message: "Sign in or send a bearer token" },
    });
    const badToken = await call({ authorization: `Bearer rlhf_${"0".repeat(40)}` });
    expect(badToken.status).toBe(401);
    expect(await badToken.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });
});
