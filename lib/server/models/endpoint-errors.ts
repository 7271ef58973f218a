import "server-only";
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from "openai";
import { AppError } from "@/lib/server/errors";

// What went wrong with a request to a model endpoint, in words safe to show an admin, store on
// a generation item and log: the key never appears (a server may echo it, as OpenAI's 401
// does, partly masked), nor do request headers. `retryable` and `retryAfterSeconds` are what a
// caller's backoff needs.

export type EndpointFailureKind =
  | "auth" // 401, 403
  | "rate_limited" // 429
  | "server" // 5xx
  | "refused" // another 4xx: the request itself was refused (unknown model, bad parameter)
  | "redirect" // 3xx: not followed
  | "timeout"
  | "connection"
  | "bad_response" // not JSON, not a chat completion, too large
  | "key"; // the stored key cannot be used (cannot be decrypted, variable unset)

export interface EndpointFailure {
  kind: EndpointFailureKind;
  status: number | null;
  retryable: boolean;
  /** From Retry-After (seconds or an HTTP date) or retry-after-ms, when the server sent one. */
  retryAfterSeconds: number | null;
  message: string;
}

/** The endpoint's answer was not what the protocol promises (shape, size). */
export class EndpointAnswerError extends Error {
  override name = "EndpointAnswerError";
}

const MAX_MESSAGE = 300;

/** Removes every secret given, and anything shaped like an OpenAI-style key, from a text. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  // "Incorrect API key provided: sk-proj-****abcd": the masked form still names part of the key.
  out = out.replace(/\b(sk|pk|rk)-[A-Za-z0-9_*.-]{4,}/g, "[redacted]");
  out = out.replace(/(api[ _-]?key[^:]{0,20}:\s*)\S+/gi, "$1[redacted]");
  out = out.replace(/(bearer\s+)\S+/gi, "$1[redacted]");
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE - 1)}…` : out;
}

function retryAfterSeconds(headers: Headers | undefined): number | null {
  const ms = headers?.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms) / 1000);
  const value = headers?.get("retry-after");
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

/** The server's own words from an error body (`{"error": {"message"}}`), if any. */
function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  if (body && typeof body.message === "string") return body.message;
  return "";
}

/** The network's reason, from the innermost cause that has one (undici wraps it twice). */
function connectionCause(error: APIConnectionError): string {
  let code: string | undefined;
  let innermost = "";
  let current: unknown = error.cause;
  for (let depth = 0; depth < 5 && current && typeof current === "object"; depth += 1) {
    const { code: found, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof found === "string") code = found;
    if (typeof message === "string" && message) innermost = message;
    current = cause;
  }
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused: is the server running at that address?";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "the host name does not resolve";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
      return "the connection was closed before an answer arrived";
    case "CERT_HAS_EXPIRED":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
      return "its TLS certificate is not trusted";
    default:
      return code
        ? `cannot connect (${code})`
        : innermost && innermost !== "fetch failed"
          ? `cannot connect (${innermost})`
          : "cannot connect";
  }
}

export function describeEndpointError(error: unknown, secrets: readonly string[], timeoutMs?: number): EndpointFailure {
  const failure = (
    kind: EndpointFailureKind,
    message: string,
    extra: Partial<Pick<EndpointFailure, "status" | "retryable" | "retryAfterSeconds">> = {},
  ): EndpointFailure => ({
    kind,
    status: extra.status ?? null,
    retryable: extra.retryable ?? false,
    retryAfterSeconds: extra.retryAfterSeconds ?? null,
    message: redactSecrets(message, secrets),
  });
  if (error instanceof APIConnectionTimeoutError) {
    return failure(
      "timeout",
      timeoutMs ? `no answer within ${Math.round(timeoutMs / 100) / 10} s` : "no answer in time",
      {
        retryable: true,
      },
    );
  }
  if (error instanceof APIUserAbortError) return failure("timeout", "the request was cancelled", { retryable: true });
  if (error instanceof APIConnectionError) return failure("connection", connectionCause(error), { retryable: true });
  if (error instanceof APIError && typeof error.status === "number") {
    const status = error.status;
    const said = serverMessage(error);
    const suffix = said ? `: ${said}` : "";
    const retryAfter = retryAfterSeconds(error.headers);
    if (status >= 300 && status < 400) {
      return failure(
        "redirect",
        `the endpoint answered with a redirect (${status}); redirects are not followed: register the URL it points to`,
        { status },
      );
    }
    if (status === 401 || status === 403) {
      return failure("auth", `the endpoint refused the key (${status})${suffix}`, { status });
    }
    if (status === 429) {
      const wait = retryAfter === null ? "" : `; it asks to retry after ${Math.ceil(retryAfter)} s`;
      return failure("rate_limited", `rate limited (429)${wait}${suffix}`, {
        status,
        retryable: true,
        retryAfterSeconds: retryAfter,
      });
    }
    if (status >= 500) {
      return failure("server", `the endpoint failed (${status})${suffix}`, {
        status,
        retryable: true,
        retryAfterSeconds: retryAfter,
      });
    }
    if (status === 408) return failure("timeout", `the endpoint timed out (408)${suffix}`, { status, retryable: true });
    return failure("refused", `the endpoint refused the request (${status})${suffix}`, { status });
  }
  if (error instanceof SyntaxError) return failure("bad_response", "the endpoint's answer is not valid JSON");
  if (error instanceof EndpointAnswerError) return failure("bad_response", error.message);
  if (error instanceof AppError) return failure("key", error.message);
  return failure("connection", "the request failed before an answer arrived");
}
