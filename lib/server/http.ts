import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import bodyLimits from "@/lib/body-limits.json";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "@/lib/server/db/unavailable";
import { AppError } from "@/lib/server/errors";

/** An error's JSON answer, whatever carries it (route handlers here, pages/api in node-api.ts). */
export interface ErrorAnswer {
  status: number;
  body: { error: { code: string; message: string; details?: unknown } };
  headers: Record<string, string>;
}

/** Maps any error thrown by a request handler to its answer: the one place codes become statuses. */
export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof AppError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, details: error.details } },
      headers: error.code === "unavailable" ? { "retry-after": String(RETRY_AFTER_SECONDS) } : {},
    };
  }
  if (error instanceof z.ZodError) {
    return {
      status: 400,
      body: { error: { code: "bad_request", message: "Invalid request", details: zodIssues(error) } },
      headers: {},
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      body: { error: { code: "unavailable", message: "The database is unavailable for a moment; try again shortly" } },
      headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
    };
  }
  console.error("unexpected error in route handler", error);
  return { status: 500, body: { error: { code: "internal", message: "Something went wrong" } }, headers: {} };
}

/** Maps any error thrown by a route handler to a JSON answer. */
export function errorResponse(error: unknown): NextResponse {
  const { status, body, headers } = errorAnswer(error);
  return NextResponse.json(body, { status, headers });
}

export function zodIssues(error: z.ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

/**
 * Reads a JSON body with a size cap and parses it with the schema. The production server
 * (server.mjs) already cuts a body off at the same cap while it streams; this check holds
 * where it does not run (next dev, tests).
 */
export async function parseJsonBody<T extends z.ZodType>(request: Request, schema: T, maxBytes = bodyLimits.jsonBytes) {
  const length = Number(request.headers.get("content-length") ?? "0");
  if (length > maxBytes) throw new AppError("too_large", `Body larger than ${maxBytes} bytes`);
  let text: string;
  try {
    text = await request.text();
  } catch {
    // The client went away mid-body (a reload during a draft save): nothing to answer.
    throw new AppError("bad_request", "The request body did not arrive");
  }
  return parseJsonText(text, schema, maxBytes);
}

/** parseJsonBody's checks on a body already read (pages/api handlers read it from Node's stream). */
export function parseJsonText<T extends z.ZodType>(text: string, schema: T, maxBytes = bodyLimits.jsonBytes) {
  if (text.length > maxBytes) throw new AppError("too_large", `Body larger than ${maxBytes} bytes`);
  let json: unknown;
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Body is not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    const named = issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    throw new AppError("bad_request", `Invalid request body: ${named.join("; ")}`, issues);
  }
  return parsed.data as z.infer<T>;
}
