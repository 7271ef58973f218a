// Did a cookie-carrying request come from our own pages? Browsers attach the session cookie
// to requests that other sites start (a form post, a link), so the API looks at what the
// browser says about the request's source: Origin (compared in full: scheme, host and port)
// and Sec-Fetch-Site.

export interface ServerAddress {
  /** The Host header. */
  host: string | null;
  /** X-Forwarded-Host and X-Forwarded-Proto: read only behind a proxy we trust. */
  forwardedHost: string | null;
  forwardedProto: string | null;
  trustProxy: boolean;
  /** The URL users open (NEXTAUTH_URL), when configured. */
  publicUrl?: string;
}

export interface RequestSource {
  method: string;
  origin: string | null;
  fetchSite: string | null;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origins this server answers as: the one the request was addressed to, and the public
 * URL. Without a trusted proxy the request arrived over plain HTTP (server.mjs), and a
 * client-sent X-Forwarded-Host says nothing.
 */
export function ownOrigins(address: ServerAddress): string[] {
  const host = (address.trustProxy ? lastEntry(address.forwardedHost) : null) ?? address.host;
  const scheme = (address.trustProxy ? lastEntry(address.forwardedProto)?.toLowerCase() : null) ?? "http";
  const origins = [
    host ? originOf(`${scheme}://${host}`) : null,
    address.publicUrl ? originOf(address.publicUrl) : null,
  ];
  return origins.filter((o): o is string => o !== null);
}

export function isOwnOrigin(origin: string | null, address: ServerAddress): boolean {
  const normalised = origin ? originOf(origin) : null;
  return normalised !== null && ownOrigins(address).includes(normalised);
}

/**
 * Whether a cookie-authenticated request may proceed. Writes must carry our Origin (a missing
 * one is refused too: only tools replaying a cookie omit it). Reads are refused when the
 * browser says another site started them (Sec-Fetch-Site) or names a foreign Origin; a read
 * without either (curl with a cookie, an old browser) is allowed.
 */
export function isSameOriginRequest(source: RequestSource, address: ServerAddress): boolean {
  // "none": the user typed the URL or opened a bookmark.
  if (source.fetchSite !== null && source.fetchSite !== "same-origin" && source.fetchSite !== "none") return false;
  if (!SAFE_METHODS.has(source.method.toUpperCase())) return isOwnOrigin(source.origin, address);
  return source.origin === null || isOwnOrigin(source.origin, address);
}

function lastEntry(list: string | null): string | null {
  const entries = (list ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return entries[entries.length - 1] ?? null;
}

/** scheme://host[:port] with default ports dropped, or null for anything but http(s). */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}
