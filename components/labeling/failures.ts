// What the labeling page does with a failed request. Pure, so the rule "a refusal is an
// answer, not an outage" is unit-tested: a 4xx is shown and never retried by itself.

export interface Failure {
  /** 0 when no answer arrived (network error). */
  status: number;
  message: string;
  problems?: string[];
  /** From a Retry-After header, when the server sent one. */
  retryAfterMs?: number;
}

/** Backoff for an outage: about 15 s in all before the labeler is asked to press again. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];
/** A Retry-After longer than this is not waited out silently: the labeler is told instead. */
const MAX_RETRY_AFTER_MS = 30_000;

/** No answer at all, or a gateway/database briefly away: likely to work on a second try. */
export const isOutage = (failure: { status: number }) =>
  failure.status === 0 || failure.status === 502 || failure.status === 503 || failure.status === 504;

/**
 * How long to wait before trying again, or null when the failure must be shown instead:
 * outages back off (honouring Retry-After); 429 waits exactly as long as the server asks;
 * every other answer (400, 403, 404, 409, 413, 422, 500 ...) is final.
 */
export function retryDelayMs(failure: Failure, attempt: number): number | null {
  if (attempt >= RETRY_DELAYS_MS.length) return null;
  const retryAfter = failure.retryAfterMs;
  if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) return null;
  if (isOutage(failure)) return Math.max(RETRY_DELAYS_MS[attempt]!, retryAfter ?? 0);
  if (failure.status === 429 && retryAfter !== undefined) return retryAfter;
  return null;
}

/** Retry-After as seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The labeler's words for the fields of a submit, skip or draft body. */
const FIELD_NAMES: Record<string, string> = {
  text: "Your reply",
  ranking: "Order",
  strength: "How much better",
  tie: "Tie",
  ratings: "Quality rating",
  flags: "Flags",
  rewrite: "Rewrite",
  comment: "Comment",
  timeSpentMs: "Time spent",
  reason: "Skip reason",
};

/**
 * A field path as the labeler knows it: "rewrite.text" is "Rewrite", "ratings.<id>" is
 * "Quality rating" (a draft's "answer.comment" is "Comment"); an unknown path as it is.
 */
export function fieldName(path: string): string {
  const parts = path.split(".").filter((part) => part !== "answer" && part !== "");
  return (parts[0] && FIELD_NAMES[parts[0]]) || path;
}

/** "ranking: required" from lib/domain/answers.ts reads "Order: required". */
const named = (line: string) =>
  line.replace(/^([A-Za-z][\w.]*): /, (whole, path: string) => {
    const name = fieldName(path);
    return name === path ? whole : `${name}: `;
  });

/**
 * The server's details as readable lines: strings as they are, zod issues (`{path,
 * message}`, lib/server/http.ts) as "field: message", the field named as the labeler knows
 * it. Never "[object Object]".
 */
export function problemsFrom(details: unknown): string[] | undefined {
  if (!Array.isArray(details)) return undefined;
  const lines = details
    .map((detail) => {
      if (typeof detail === "string") return named(detail);
      if (detail && typeof detail === "object" && "message" in detail && typeof detail.message === "string") {
        const path = "path" in detail && typeof detail.path === "string" ? detail.path : "";
        return path ? `${fieldName(path)}: ${detail.message}` : detail.message;
      }
      return null;
    })
    .filter((line): line is string => line !== null && line.trim() !== "");
  return lines.length ? lines : undefined;
}

/** What to tell the labeler about a failure that will not be retried. */
export const describeFailure = (failure: Failure) => failure.problems?.join("; ") || failure.message;
