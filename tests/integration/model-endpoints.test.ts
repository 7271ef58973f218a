// Model endpoints through the HTTP API as an admin's script calls it: create, list, read, change,
// remove, each audited; and the key in no answer, no audit row and no column in the clear.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute, POST as createRoute } from "@/app/api/models/route";
import { DELETE as removeRoute, GET as readRoute, PATCH as updateRoute } from "@/app/api/models/[id]/route";
import { POST as testRoute } from "@/app/api/models/[id]/test/route";
import { createApiToken } from "@/lib/server/auth/api-tokens";
import { db } from "@/lib/server/db/client";
import { modelKeysSecret } from "@/lib/server/env";
import { endpointClient } from "@/lib/server/models/endpoint-client";
import { decryptApiKey, encryptApiKey } from "@/lib/server/models/key-crypto";
import { testModelEndpoint } from "@/lib/server/models/test-model-endpoint";
import { startOpenAIStub, type OpenAIStub } from "../../scripts/openai-stub/stub-server";
import { makeUser, uniqueSuffix } from "../support/factories";

const KEY = `sk-first-${uniqueSuffix()}${uniqueSuffix()}`;
const NEW_KEY = `sk-second-${uniqueSuffix()}${uniqueSuffix()}`;

let adminToken: string;
let labelerToken: string;
let stub: OpenAIStub;
/** Every answer body of this file, searched for the keys at the end. */
const bodies: string[] = [];

beforeAll(async () => {
  adminToken = (await createApiToken((await makeUser("admin")).email, null)).token;
  labelerToken = (await createApiToken((await makeUser()).email, null)).token;
  stub = await startOpenAIStub({ apiKey: NEW_KEY });
});

afterAll(async () => {
  await stub.close();
  await db.$disconnect();
});

function call(token: string, method: string, body?: unknown) {
  return new Request("http://localhost/api/models", {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}
const params = (id: string) => ({ params: Promise.resolve({ id }) });

async function answer(response: Response) {
  const text = await response.text();
  bodies.push(text);
  return { status: response.status, json: JSON.parse(text) as Record<string, unknown> };
}

describe("/api/models", () => {
  it("creates, lists, reads, changes, tests and removes an endpoint, never answering its key", async () => {
    const name = `m-${uniqueSuffix()}`;
    const created = await answer(
      await createRoute(
        call(adminToken, "POST", {
          name,
          baseUrl: `${stub.url}/`,
          model: "stub-careful",
          apiKey: KEY,
          temperature: 0.5,
          maxTokens: 64,
          stop: ["\n\nUser:"],
          maxConcurrency: 8,
          requestsPerMinute: 600,
          inputPricePerMTok: 0.15,
        }),
      ),
    );
    expect(created.status).toBe(201);
    const model = created.json.model as { id: string };
    expect(created.json.model).toEqual({
      id: expect.any(String),
      name,
      baseUrl: stub.url,
      model: "stub-careful",
      hasKey: true,
      keyEnv: null,
      temperature: 0.5,
      topP: null,
      maxTokens: 64,
      stop: ["\n\nUser:"],
      seed: null,
      maxConcurrency: 8,
      requestsPerMinute: 600,
      inputPricePerMTok: 0.15,
      outputPricePerMTok: null,
      lastTest: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    // Stored encrypted: the column holds ciphertext that decrypts to the key.
    const row = await db.modelEndpoint.findUniqueOrThrow({ where: { id: model.id } });
    expect(row.keyCiphertext).not.toContain(KEY);
    expect(decryptApiKey(row.keyCiphertext!, modelKeysSecret(), model.id)).toBe(KEY);

    const listed = await answer(await listRoute(call(adminToken, "GET")));
    expect(listed.status).toBe(200);
    expect((listed.json.models as { name: string }[]).find((m) => m.name === name)).toMatchObject({
      id: model.id,
      baseUrl: stub.url,
      model: "stub-careful",
      maxConcurrency: 8,
      hasKey: true,
    });
    expect((await answer(await readRoute(call(adminToken, "GET"), params(model.id)))).json.model).toMatchObject({
      name,
    });

    // The stub wants NEW_KEY: the first key is refused, and the answer says so without either.
    const refused = await answer(await testRoute(call(adminToken, "POST", {}), params(model.id)));
    expect(refused.status).toBe(200);
    expect(refused.json.test).toMatchObject({ ok: false, kind: "auth", status: 401 });

    const changed = await answer(
      await updateRoute(
        call(adminToken, "PATCH", { apiKey: NEW_KEY, temperature: null, stop: null, maxConcurrency: 2 }),
        params(model.id),
      ),
    );
    expect(changed.status).toBe(200);
    expect(changed.json.model).toMatchObject({ hasKey: true, temperature: null, stop: [], maxConcurrency: 2 });
    const tested = await answer(await testRoute(call(adminToken, "POST", { maxTokens: 3 }), params(model.id)));
    expect(tested.json.test).toMatchObject({ ok: true, finishReason: "length", usage: { completionTokens: 3 } });
    expect(stub.requests.at(-1)!.authorization).toBe(`Bearer ${NEW_KEY}`);
    // A cleared default is not sent at all; max_tokens is the test's.
    expect(stub.requests.at(-1)!.body).toEqual({
      model: "stub-careful",
      messages: [{ role: "user", content: "Reply with one word: hello." }],
      max_tokens: 3,
    });

    const removed = await answer(await removeRoute(call(adminToken, "DELETE"), params(model.id)));
    expect(removed).toEqual({ status: 200, json: { removed: true, id: model.id, name } });
    expect((await answer(await readRoute(call(adminToken, "GET"), params(model.id)))).status).toBe(404);
    expect((await answer(await removeRoute(call(adminToken, "DELETE"), params(model.id)))).status).toBe(404);

    // Every change audited, in order, and no audit row carries a key.
    const audit = await db.auditEvent.findMany({
      where: { entityType: "model_endpoint", entityId: model.id },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["model.create", "model.update", "model.remove"]);
    expect(audit[1]!.after).toMatchObject({ keyChanged: true, temperature: null, maxConcurrency: 2 });
    // The stored JSON as PostgreSQL holds it, every audit row of every endpoint.
    const rows = await db.$queryRaw<{ text: string }[]>`
      SELECT coalesce(before::text, '') || ' ' || coalesce(after::text, '') AS text
      FROM audit_events WHERE entity_type = 'model_endpoint'`;
    const stored = rows.map((r) => r.text).join("\n");
    expect(stored).toContain(name);
    expect(stored).not.toContain(KEY);
    expect(stored).not.toContain(NEW_KEY);
    expect(stored).not.toContain(row.keyCiphertext!);
    expect(stored).not.toContain("keyCiphertext");
    for (const body of bodies) {
      expect(body).not.toContain(KEY);
      expect(body).not.toContain(NEW_KEY);
      expect(body).not.toContain(row.keyCiphertext!.split(".")[2]!);
    }
  });

  it("answers 400 for a base URL that is not http(s), 409 for a taken name, 403 to a labeler", async () => {
    const ftp = await answer(
      await createRoute(call(adminToken, "POST", { name: `m-${uniqueSuffix()}`, baseUrl: "ftp://x/v1", model: "m" })),
    );
    expect(ftp.status).toBe(400);
    expect((ftp.json.error as { message: string }).message).toBe(
      "Invalid request body: baseUrl: base URL must use http or https, not ftp",
    );
    const name = `m-${uniqueSuffix()}`;
    const body = { name, baseUrl: stub.url, model: "stub-terse" };
    expect((await answer(await createRoute(call(adminToken, "POST", body)))).status).toBe(201);
    const again = await answer(await createRoute(call(adminToken, "POST", body)));
    expect(again.status).toBe(409);
    expect((again.json.error as { message: string }).message).toBe(`a model endpoint named ${name} already exists`);
    expect((await answer(await listRoute(call(labelerToken, "GET")))).status).toBe(403);
    expect((await answer(await createRoute(call(labelerToken, "POST", { ...body, name: `x-${name}` })))).status).toBe(
      403,
    );
    expect(await db.modelEndpoint.count({ where: { name: `x-${name}` } })).toBe(0);
  });

  it("after a secret rotation, says the key cannot be decrypted until it is entered again", async () => {
    const name = `m-${uniqueSuffix()}`;
    const created = await answer(
      await createRoute(call(adminToken, "POST", { name, baseUrl: stub.url, model: "stub-careful", apiKey: NEW_KEY })),
    );
    const id = (created.json.model as { id: string }).id;
    // What a changed MODEL_KEYS_SECRET does: the stored text was made under another secret.
    await db.modelEndpoint.update({
      where: { id },
      data: { keyCiphertext: encryptApiKey(NEW_KEY, "the-secret-before-the-rotation-000000", id) },
    });
    await expect(endpointClient(id)).rejects.toMatchObject({
      code: "conflict",
      message: `endpoint ${name}: the key cannot be decrypted: re-enter it (MODEL_KEYS_SECRET or AUTH_SECRET changed since it was stored)`,
    });
    const test = await testModelEndpoint({ endpoint: { id } });
    expect(test).toMatchObject({ ok: false, kind: "key" });
    expect(!test.ok && test.error).toContain("the key cannot be decrypted: re-enter it");
    await answer(await updateRoute(call(adminToken, "PATCH", { apiKey: NEW_KEY }), params(id)));
    expect(await testModelEndpoint({ endpoint: { id } })).toMatchObject({ ok: true });
  });
});
