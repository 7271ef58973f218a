import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextApiRequest } from "next";
import type { z } from "zod";
import bodyLimits from "@/lib/body-limits.json";
import { AppError } from "@/lib/server/errors";
import { errorAnswer, parseJsonText } from "@/lib/server/http";
import type { RequestHead } from "@/lib/server/request-head";

// For the two pages/api handlers of the queue's hot path (docs/ARCHITECTURE.md, "Why two routes
// live in pages/api"): Node's request and response, with the same checks, error mapping and
// JSON answers as the route handlers' (lib/server/http.ts). Every header rule of next.config.js
// (security headers, the API's deny-all policy, no-store) applies to them as to any /api/ path.

/** Node's request as authentication reads it (a `Request`'s headers.get: names case-insensitive). */
export function requestHead(req: IncomingMessage): RequestHead {
  return {
    method: req.method ?? "GET",
    headers: {
      get(name) {
        const value = req.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(", ") : value;
      },
    },
  };
}

/** The route's dynamic segments, as route handlers receive them (route-params.ts checks them). */
export async function routeParams<K extends string>(req: NextApiRequest, ...names: K[]): Promise<Record<K, string>> {
  const params = {} as Record<K, string>;
  for (const name of names) {
    const value = req.query[name];
    params[name] = Array.isArray(value) ? value.join("/") : (value ?? "");
  }
  return params;
}

/** The query string as route handlers read it (`Object.fromEntries(url.searchParams)`: the last value wins). */
export function searchParamsOf(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(new URL(req.url ?? "/", "http://localhost").searchParams);
}

/** Decodes as `Request.text()` does: UTF-8, a leading byte-order mark dropped, bad bytes replaced. */
const utf8 = new TextDecoder();

/**
 * parseJsonBody for Node's request: the same cap (server.mjs has already cut a longer body off
 * while it streamed; this holds where it does not run), the same errors. Bytes are counted as
 * they arrive, so a body past the cap is refused without being kept.
 */
export async function readJsonBody<T extends z.ZodType>(
  req: IncomingMessage,
  schema: T,
  maxBytes = bodyLimits.jsonBytes,
): Promise<z.infer<T>> {
  const tooLarge = () => new AppError("too_large", `Body larger than ${maxBytes} bytes`);
  if (Number(req.headers["content-length"] ?? "0") > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let received = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    // The client went away mid-body: nothing to answer.
    throw new AppError("bad_request", "The request body did not arrive");
  }
  return parseJsonText(utf8.decode(Buffer.concat(chunks, received)), schema, maxBytes);
}

/** A JSON answer, as NextResponse.json writes it. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader("content-type", "application/json");
  res.end(JSON.stringify(body));
}

/** 204 without a body. */
export function sendNoContent(res: ServerResponse) {
  res.statusCode = 204;
  res.end();
}

/** Any error a handler throws, mapped as route handlers map it (http.ts errorAnswer). */
export function sendError(res: ServerResponse, error: unknown) {
  const { status, body, headers } = errorAnswer(error);
  sendJson(res, status, body, headers);
}

/**
 * POST only, as a route handler that exports only POST: OPTIONS lists the allowed methods
 * (204), any other method gets 405 without a body. Returns false when it has answered.
 */
export function postOnly(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === "POST") return true;
  if (req.method === "OPTIONS") {
    res.statusCode = 204;
    res.setHeader("allow", "OPTIONS, POST");
  } else res.statusCode = 405;
  res.end();
  return false;
}
