import "server-only";
import { isSameOriginRequest } from "@/lib/domain/request-origin";
import { AppError } from "@/lib/server/errors";
import { env } from "@/lib/server/env";
import type { RequestHead } from "@/lib/server/request-head";

/**
 * Refuses a cookie-authenticated request that another site started (403): writes without our
 * Origin, reads the browser marks as cross-site (a link to an export on a foreign page).
 */
export function sameOriginOnly(request: RequestHead): void {
  const { TRUST_PROXY, NEXTAUTH_URL } = env();
  const headers = request.headers;
  const allowed = isSameOriginRequest(
    { method: request.method, origin: headers.get("origin"), fetchSite: headers.get("sec-fetch-site") },
    {
      host: headers.get("host"),
      forwardedHost: headers.get("x-forwarded-host"),
      forwardedProto: headers.get("x-forwarded-proto"),
      trustProxy: TRUST_PROXY,
      publicUrl: NEXTAUTH_URL,
    },
  );
  if (!allowed) throw new AppError("forbidden", "Cross-site request refused");
}
