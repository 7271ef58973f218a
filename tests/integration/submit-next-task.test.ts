// A submit that asks for the next task (`?next=1`) answers with it: the labeling page moves
// on after one round trip. The route handlers are called as Next calls them, with an API token.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import claimHandler from "@/pages/api/projects/[slug]/tasks/next";
import submitHandler from "@/pages/api/tasks/[leaseId]/submit";
import { db } from "@/lib/server/db/client";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { setProjectStatus } from "@/lib/server/queue/project-status";
import { makeItems, makeMember, makeProject, makeUser } from "../support/factories";
import { pagesRoute } from "../support/pages-api";

const claimRoute = pagesRoute<{ slug: string }>(claimHandler);
const submitRoute = pagesRoute<{ leaseId: string }>(submitHandler);

afterAll(() => db.$disconnect());

type Task = { id: string; item: { id: string; completions: { id: string }[] } };

const params = <T>(value: T) => ({ params: Promise.resolve(value) });

/** A labeler with a token in a new comparison project of `items` items. */
async function setUp(items: number) {
  const { slug } = await makeProject("comparison", 1);
  await makeItems(slug, items);
  const labeler = await makeMember(slug);
  const token = (await createApiToken(labeler.email, null)).token;
  const claimResponse = () =>
    claimRoute(
      new Request("http://localhost/api/x", { method: "POST", headers: { authorization: `Bearer ${token}` } }),
      params({ slug }),
    );
  const claim = async () => {
    const response = await claimResponse();
    return response.status === 204 ? null : ((await response.json()) as { task: Task }).task;
  };
  const submit = async (task: Task, key: string, query = "?next=1") => {
    const response = await submitRoute(
      new Request(`http://localhost/api/tasks/${task.id}/submit${query}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ ranking: task.item.completions.map((c) => [c.id]), strength: 2 }),
      }),
      params({ leaseId: task.id }),
    );
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  return { slug, claim, claimResponse, submit };
}

describe("POST /api/tasks/{leaseId}/submit?next=1", () => {
  it("stores the answer and answers with the next task, held as tasks/next would hold it", async () => {
    const { claim, submit } = await setUp(3);
    const first = (await claim())!;
    const answer = await submit(first, randomUUID());
    expect(answer.status).toBe(201);
    const next = (answer.body.next as { task: Task }).task;
    expect(next.id).not.toBe(first.id);
    expect(next.item.id).not.toBe(first.item.id);
    const stored = await db.annotation.findUniqueOrThrow({ where: { id: answer.body.annotationId as string } });
    expect(stored.itemId).toBe(first.item.id);
    // The lease is the labeler's now: tasks/next gives the same one again.
    expect((await claim())!.id).toBe(next.id);
  });

  it("a replay of the same key answers the same annotation and the same next lease", async () => {
    const { claim, submit } = await setUp(3);
    const first = (await claim())!;
    const key = randomUUID();
    const answer = await submit(first, key);
    const again = await submit(first, key);
    expect(again.status).toBe(201);
    expect(again.body.annotationId).toBe(answer.body.annotationId);
    // The claim of a held lease renews it: the same lease, a later expiry.
    expect((again.body.next as { task: Task }).task.id).toBe((answer.body.next as { task: Task }).task.id);
    expect(await db.annotation.count({ where: { leaseId: first.id } })).toBe(1);
  });

  it("answers next: null after the last task", async () => {
    const { claim, submit } = await setUp(1);
    const only = (await claim())!;
    const answer = await submit(only, randomUUID());
    expect(answer).toEqual({ status: 201, body: { annotationId: expect.any(String), next: null } });
  });

  it("leaves next out when the project was paused meanwhile: tasks/next then says why", async () => {
    const { slug, claim, claimResponse, submit } = await setUp(2);
    const admin = await makeUser("admin");
    const first = (await claim())!;
    await setProjectStatus(slug, "paused", admin.id);
    const answer = await submit(first, randomUUID());
    expect(answer).toEqual({ status: 201, body: { annotationId: expect.any(String) } });
    const refused = await claimResponse();
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { message: expect.stringContaining("paused") } });
  });

  it("without the flag answers {annotationId} only, as before", async () => {
    const { claim, submit } = await setUp(2);
    const first = (await claim())!;
    const answer = await submit(first, randomUUID(), "");
    expect(answer).toEqual({ status: 201, body: { annotationId: expect.any(String) } });
  });

  it("refuses a flag it cannot read, storing nothing", async () => {
    const { claim, submit } = await setUp(2);
    const first = (await claim())!;
    const answer = await submit(first, randomUUID(), "?next=yes");
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: "bad_request", message: "Invalid query" } });
    expect(await db.annotation.count({ where: { leaseId: first.id } })).toBe(0);
  });
});
