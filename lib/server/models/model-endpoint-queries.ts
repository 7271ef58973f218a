import "server-only";
import { z } from "zod";
import { execute, isUuid, queryRow, queryRows, type Queryable } from "@/lib/server/db/query";

// Every statement on model_endpoints, its rows parsed once here. Reads go through pg, not
// Prisma, so the CLI and the generation workers that look endpoints up never load Prisma's
// query engine. The key's ciphertext is in the row for lib/server/models alone: answers are
// built by toPublicEndpoint (model-endpoint-record.ts), which leaves it out.

const COLUMNS = `id, name, base_url, model, key_ciphertext, key_env, temperature, top_p, max_tokens, stop, seed,
  max_concurrency, requests_per_minute, input_price_per_mtok, output_price_per_mtok, last_tested_at, last_test_ok, last_test_latency_ms, last_test_message,
  created_at, updated_at`;

const endpointRow = z
  .object({
    id: z.string(),
    name: z.string(),
    base_url: z.string(),
    model: z.string(),
    key_ciphertext: z.string().nullable(),
    key_env: z.string().nullable(),
    temperature: z.number().nullable(),
    top_p: z.number().nullable(),
    max_tokens: z.number().int().nullable(),
    stop: z.array(z.string()).nullable(),
    seed: z.number().int().nullable(),
    max_concurrency: z.number().int(),
    requests_per_minute: z.number().int().nullable(),
    input_price_per_mtok: z.number().nullable(),
    output_price_per_mtok: z.number().nullable(),
    last_tested_at: z.date().nullable(),
    last_test_ok: z.boolean().nullable(),
    last_test_latency_ms: z.number().int().nullable(),
    last_test_message: z.string().nullable(),
    created_at: z.date(),
    updated_at: z.date(),
  })
  .transform((r) => ({
    id: r.id,
    name: r.name,
    baseUrl: r.base_url,
    model: r.model,
    keyCiphertext: r.key_ciphertext,
    keyEnv: r.key_env,
    temperature: r.temperature,
    topP: r.top_p,
    maxTokens: r.max_tokens,
    stop: r.stop ?? [],
    seed: r.seed,
    maxConcurrency: r.max_concurrency,
    requestsPerMinute: r.requests_per_minute,
    inputPricePerMTok: r.input_price_per_mtok,
    outputPricePerMTok: r.output_price_per_mtok,
    lastTestedAt: r.last_tested_at,
    lastTestOk: r.last_test_ok,
    lastTestLatencyMs: r.last_test_latency_ms,
    lastTestMessage: r.last_test_message,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));

/** An endpoint's row, key ciphertext included (lib/server/models only). */
export type EndpointRow = z.output<typeof endpointRow>;

export type EndpointRef = { id: string } | { name: string };

/** The settings a statement writes, by field; a field left out keeps its value. */
export interface EndpointSettings {
  name?: string;
  baseUrl?: string;
  model?: string;
  keyCiphertext?: string | null;
  keyEnv?: string | null;
  temperature?: number | null;
  topP?: number | null;
  maxTokens?: number | null;
  stop?: string[];
  seed?: number | null;
  maxConcurrency?: number;
  requestsPerMinute?: number | null;
  inputPricePerMTok?: number | null;
  outputPricePerMTok?: number | null;
}

/** Field -> column: the only names a statement here puts into its SQL text. */
const COLUMN_OF: Record<keyof EndpointSettings, string> = {
  name: "name",
  baseUrl: "base_url",
  model: "model",
  keyCiphertext: "key_ciphertext",
  keyEnv: "key_env",
  temperature: "temperature",
  topP: "top_p",
  maxTokens: "max_tokens",
  stop: "stop",
  seed: "seed",
  maxConcurrency: "max_concurrency",
  requestsPerMinute: "requests_per_minute",
  inputPricePerMTok: "input_price_per_mtok",
  outputPricePerMTok: "output_price_per_mtok",
};

function given(settings: EndpointSettings): [string, unknown][] {
  return (Object.keys(COLUMN_OF) as (keyof EndpointSettings)[])
    .filter((field) => settings[field] !== undefined)
    .map((field) => [COLUMN_OF[field], settings[field]]);
}

/** One endpoint by id or name, optionally locked until the transaction ends; null when there is none. */
export async function selectEndpoint(
  db: Queryable,
  ref: EndpointRef,
  options: { forUpdate?: boolean } = {},
): Promise<EndpointRow | null> {
  if ("id" in ref && !isUuid(ref.id)) return null;
  const [column, value] = "id" in ref ? ["id", ref.id] : ["name", ref.name];
  return queryRow(
    db,
    endpointRow,
    `SELECT ${COLUMNS} FROM model_endpoints WHERE ${column} = $1${options.forUpdate ? " FOR UPDATE" : ""}`,
    [value],
  );
}

export function selectEndpoints(db: Queryable): Promise<EndpointRow[]> {
  return queryRows(db, endpointRow, `SELECT ${COLUMNS} FROM model_endpoints ORDER BY name`);
}

/** Inserts an endpoint with the given id (a taken name fails on model_endpoints_name_key). */
export async function insertEndpoint(
  db: Queryable,
  id: string,
  settings: EndpointSettings & { name: string; baseUrl: string; model: string },
): Promise<EndpointRow> {
  const columns = given(settings);
  const [row] = await queryRows(
    db,
    endpointRow,
    `INSERT INTO model_endpoints (id, ${columns.map(([c]) => c).join(", ")}, updated_at)
     VALUES ($1, ${columns.map((_, i) => `$${i + 2}`).join(", ")}, now()) RETURNING ${COLUMNS}`,
    [id, ...columns.map(([, v]) => v)],
  );
  return row!;
}

/** Changes the given settings (and updated_at); null when there is no such endpoint. */
export async function updateEndpoint(
  db: Queryable,
  id: string,
  settings: EndpointSettings,
): Promise<EndpointRow | null> {
  const columns = given(settings);
  return queryRow(
    db,
    endpointRow,
    `UPDATE model_endpoints SET ${[...columns.map(([c], i) => `${c} = $${i + 2}`), "updated_at = now()"].join(", ")}
     WHERE id = $1 RETURNING ${COLUMNS}`,
    [id, ...columns.map(([, v]) => v)],
  );
}

export async function deleteEndpoint(db: Queryable, id: string): Promise<void> {
  await execute(db, "DELETE FROM model_endpoints WHERE id = $1", [id]);
}

/** Keeps a Test's outcome on the endpoint; its settings (and updated_at) stay as they are. */
export async function recordEndpointTest(
  db: Queryable,
  id: string,
  test: { ok: boolean; latencyMs: number | null; message: string },
): Promise<void> {
  await execute(
    db,
    `UPDATE model_endpoints
     SET last_tested_at = now(), last_test_ok = $2, last_test_latency_ms = $3, last_test_message = $4
     WHERE id = $1`,
    [id, test.ok, test.latencyMs, test.message],
  );
}
