import "server-only";
import OpenAI from "openai";
import { endpointKeyFromEnvironment, modelKeysSecret } from "@/lib/server/env";
import { AppError } from "@/lib/server/errors";
import { describeEndpointError, EndpointAnswerError, type EndpointFailure } from "@/lib/server/models/endpoint-errors";
import { decryptApiKey, KeyDecryptError } from "@/lib/server/models/key-crypto";
import type { EndpointRow } from "@/lib/server/models/model-endpoint-queries";
import { findEndpointRow, type EndpointRef } from "@/lib/server/models/model-endpoint-record";

// The one place a model endpoint's key is decrypted: callers get a configured official
// `openai` client for the endpoint, its model id and its default sampling, and never see the
// key. Requests go only to the URL the admin registered: redirects are not followed (a 3xx
// is an error), and nothing is taken from the process's OPENAI_* variables.

/** The endpoint's defaults under the API's own parameter names; unset ones are left out. */
export interface SamplingDefaults {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  seed?: number;
}

export interface EndpointConnection {
  endpoint: {
    id: string;
    name: string;
    baseUrl: string;
    maxConcurrency: number;
    requestsPerMinute: number | null;
  };
  client: OpenAI;
  model: string;
  defaults: SamplingDefaults;
  /** An error from a request through `client`, in words safe to show, store or log. */
  describeError(error: unknown): EndpointFailure;
}

export interface EndpointClientOptions {
  /** Per request (the SDK's default is 10 minutes). */
  timeoutMs?: number;
  /**
   * The SDK's own retries on 408/409/429/5xx and connection errors, honouring Retry-After
   * (default 2). A caller that schedules its own backoff passes 0.
   */
  maxRetries?: number;
}

/** An answer larger than this is cut off as an error (a chat completion is a few KB). */
export const MAX_ANSWER_BYTES = 8 * 1024 * 1024;
const DEFAULT_TIMEOUT_MS = 60_000;
const BODYLESS = new Set([101, 103, 204, 205, 304]);

/** fetch as the SDK calls it, refusing to follow redirects and capping the answer's size. */
async function endpointFetch(url: string | URL | Request, init?: RequestInit): Promise<Response> {
  const response = await fetch(url, { ...init, redirect: "manual" });
  if (!response.body || BODYLESS.has(response.status) || response.status < 200) return response;
  let seen = 0;
  const capped = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > MAX_ANSWER_BYTES) {
          controller.error(new EndpointAnswerError(`the endpoint's answer is larger than ${MAX_ANSWER_BYTES} bytes`));
        } else controller.enqueue(chunk);
      },
    }),
  );
  return new Response(capped, { status: response.status, statusText: response.statusText, headers: response.headers });
}

function keyOf(row: EndpointRow): string | null {
  if (row.keyCiphertext !== null) {
    try {
      return decryptApiKey(row.keyCiphertext, modelKeysSecret(), row.id);
    } catch (error) {
      if (error instanceof KeyDecryptError) {
        throw new AppError(
          "conflict",
          `endpoint ${row.name}: the key cannot be decrypted: re-enter it (MODEL_KEYS_SECRET or AUTH_SECRET changed since it was stored)`,
        );
      }
      throw error;
    }
  }
  if (row.keyEnv !== null) {
    const key = endpointKeyFromEnvironment(row.keyEnv);
    if (key === undefined) {
      throw new AppError(
        "conflict",
        `endpoint ${row.name}: the environment variable ${row.keyEnv} is not set on this server`,
      );
    }
    return key;
  }
  return null;
}

export function samplingDefaults(row: EndpointRow): SamplingDefaults {
  return {
    ...(row.temperature !== null ? { temperature: row.temperature } : {}),
    ...(row.topP !== null ? { top_p: row.topP } : {}),
    ...(row.maxTokens !== null ? { max_tokens: row.maxTokens } : {}),
    ...(row.stop.length > 0 ? { stop: row.stop } : {}),
    ...(row.seed !== null ? { seed: row.seed } : {}),
  };
}

/** A client for a row already read (lib/server/models only). */
export function connectionFor(row: EndpointRow, options: EndpointClientOptions = {}): EndpointConnection {
  const key = keyOf(row);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const client = new OpenAI({
    baseURL: row.baseUrl,
    // The SDK insists on some credential; without a key the header is dropped below.
    apiKey: key ?? "no-key",
    // Each explicitly null: the SDK would otherwise send the process's OPENAI_ADMIN_KEY,
    // OPENAI_ORG_ID and OPENAI_PROJECT_ID to whatever server this endpoint names.
    adminAPIKey: null,
    organization: null,
    project: null,
    webhookSecret: null,
    // No key: no Authorization header at all (many local servers want none).
    ...(key === null ? { defaultHeaders: { Authorization: null } } : {}),
    timeout: timeoutMs,
    maxRetries: options.maxRetries ?? 2,
    fetch: endpointFetch,
    // The SDK's debug log prints requests; nothing of an endpoint's traffic goes to our logs.
    logLevel: "off",
  });
  return {
    endpoint: {
      id: row.id,
      name: row.name,
      baseUrl: row.baseUrl,
      maxConcurrency: row.maxConcurrency,
      requestsPerMinute: row.requestsPerMinute,
    },
    client,
    model: row.model,
    defaults: samplingDefaults(row),
    describeError: (error) => describeEndpointError(error, key === null ? [] : [key], timeoutMs),
  };
}

/**
 * A configured `openai` client for the endpoint (server only). Throws AppError not_found for
 * an unknown endpoint, conflict when its key cannot be used (cannot be decrypted after a
 * secret rotation, or its environment variable is unset).
 */
export async function endpointClient(
  endpoint: string | EndpointRef,
  options: EndpointClientOptions = {},
): Promise<EndpointConnection> {
  const row = await findEndpointRow(typeof endpoint === "string" ? { id: endpoint } : endpoint);
  return connectionFor(row, options);
}
