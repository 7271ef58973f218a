import "server-only";
import { env } from "@/lib/server/env";

/**
 * The client address used for per-address sign-in limits.
 * - Directly exposed (TRUST_PROXY=false): the socket address, which server.mjs writes into
 *   x-rlhf-client-address on every request, overwriting anything the client sent.
 * - Behind one reverse proxy you control (TRUST_PROXY=true): the last X-Forwarded-For entry,
 *   the one that proxy appended.
 */
export function clientAddressFromHeaders(headers: Record<string, string | string[] | undefined> | Headers): string {
  const read = (name: string) => {
    const raw = headers instanceof Headers ? headers.get(name) : headers[name];
    return Array.isArray(raw) ? raw.join(",") : (raw ?? "");
  };
  if (env().TRUST_PROXY) {
    const hops = read("x-forwarded-for")
      .split(",")
      .map((hop) => hop.trim())
      .filter(Boolean);
    return hops[hops.length - 1] ?? "unknown";
  }
  return read("x-rlhf-client-address").trim() || "unknown";
}
