import "server-only";
import { env } from "@/lib/server/env";

/**
 * The client address used for per-IP rate limits. Next's server appends the socket
 * address to X-Forwarded-For, so the last entry is the nearest hop and cannot be forged
 * by the client; behind a trusted proxy (TRUST_PROXY=true) the proxy's view, the
 * second-to-last entry, is the client.
 */
export function clientAddressFromHeaders(headers: Record<string, string | string[] | undefined> | Headers): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  const hops = value
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  const pick = env().TRUST_PROXY ? hops[hops.length - 2] ?? hops[hops.length - 1] : hops[hops.length - 1];
  return pick ?? "unknown";
}
