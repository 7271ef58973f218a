import "server-only";
import { pool } from "@/lib/server/db/client";
import { AppError } from "@/lib/server/errors";
import {
  selectEndpoint,
  selectEndpoints,
  type EndpointRef,
  type EndpointRow,
} from "@/lib/server/models/model-endpoint-queries";

export type { EndpointRef };

/**
 * What any answer says about an endpoint: whether it has a key and which environment
 * variable holds it, never the key or its ciphertext. Built field by field (never by
 * spreading the row) so that a column added later is not shown by accident.
 */
export interface PublicModelEndpoint {
  id: string;
  name: string;
  baseUrl: string;
  model: string;
  hasKey: boolean;
  keyEnv: string | null;
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
  stop: string[];
  seed: number | null;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  /** US dollars per million prompt / completion tokens (null: no price known). */
  inputPricePerMTok: number | null;
  outputPricePerMTok: number | null;
  lastTest: { at: Date; ok: boolean; latencyMs: number | null; message: string | null } | null;
  createdAt: Date;
  updatedAt: Date;
}

export function toPublicEndpoint(row: EndpointRow): PublicModelEndpoint {
  return {
    id: row.id,
    name: row.name,
    baseUrl: row.baseUrl,
    model: row.model,
    hasKey: row.keyCiphertext !== null || row.keyEnv !== null,
    keyEnv: row.keyEnv,
    temperature: row.temperature,
    topP: row.topP,
    maxTokens: row.maxTokens,
    stop: row.stop,
    seed: row.seed,
    maxConcurrency: row.maxConcurrency,
    requestsPerMinute: row.requestsPerMinute,
    inputPricePerMTok: row.inputPricePerMTok,
    outputPricePerMTok: row.outputPricePerMTok,
    lastTest:
      row.lastTestedAt && row.lastTestOk !== null
        ? { at: row.lastTestedAt, ok: row.lastTestOk, latencyMs: row.lastTestLatencyMs, message: row.lastTestMessage }
        : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** An endpoint's settings as the audit log records them: the key only as `hasKey` / `keyEnv`. */
export function auditedSettings(row: EndpointRow) {
  const { lastTest: _lastTest, createdAt: _createdAt, updatedAt: _updatedAt, ...settings } = toPublicEndpoint(row);
  return settings;
}

export const notFound = (ref: EndpointRef) =>
  new AppError("not_found", "id" in ref ? "No such model endpoint" : `no model endpoint named ${ref.name}`);

/** The endpoint's row (key included: for lib/server/models only), or not_found. */
export async function findEndpointRow(ref: EndpointRef): Promise<EndpointRow> {
  const row = await selectEndpoint(pool(), ref);
  if (!row) throw notFound(ref);
  return row;
}

export async function listModelEndpoints(): Promise<PublicModelEndpoint[]> {
  return (await selectEndpoints(pool())).map(toPublicEndpoint);
}

export async function modelEndpoint(ref: EndpointRef): Promise<PublicModelEndpoint> {
  return toPublicEndpoint(await findEndpointRow(ref));
}
