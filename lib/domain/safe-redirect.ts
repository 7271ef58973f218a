// Where to send a browser after sign-in: only a path on our own origin, read the way the
// browser will read it. Browsers parse URLs with the WHATWG URL parser, which drops leading
// and trailing control characters and spaces, removes tabs and newlines anywhere and reads
// "\" as "/": "/\t/evil.example" and "/\evil.example" both become "//evil.example", another host.

const BASE = "http://own-origin.invalid";

/** The path to redirect to: `value` when it stays on our origin, otherwise "/". Never throws. */
export function safeRedirectPath(value: string | string[] | null | undefined): string {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== "string" || raw === "") return "/";
  const path = ownPath(raw);
  if (path === null) return "/";
  // A proxy or framework may decode the path once more ("/%2F%2Fevil" -> "///evil"): the
  // decoded form must stay ours too, and a malformed encoding is not worth following.
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return "/";
  }
  if (decoded !== raw && ownPath(decoded) === null) return "/";
  return path;
}

/** next-auth's redirect callback: absolute URLs on our origin or paths, anything else goes home. */
export function safeAuthRedirect(url: string, baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  let absolute: URL | null = null;
  try {
    absolute = new URL(url);
  } catch {
    // Not absolute: a path under the base URL (or garbage), judged below.
  }
  if (!absolute) return `${base}${safeRedirectPath(url)}`;
  const origin = new URL(base).origin;
  if (absolute.origin !== origin) return `${base}/`;
  return `${origin}${safeRedirectPath(`${absolute.pathname}${absolute.search}${absolute.hash}`)}`;
}

function ownPath(value: string): string | null {
  if (!normalised(value).startsWith("/") || normalised(value).startsWith("//")) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  // Serialised by the parser: percent-encoded, so it is also a valid Location header.
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can resolve to "//host" ("/.//evil"), which a browser reads as another host.
  return path.startsWith("//") ? null : path;
}

/** The string as the URL parser sees it before resolving it. */
function normalised(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end -= 1;
  return value
    .slice(start, end)
    .replace(/[\t\n\r]/g, "")
    .replace(/\\/g, "/");
}

/**
 * Where a browser goes right after signing in: the page it asked for, or, when it asked for
 * none ("/"), the signed-in role's home, so that an admin lands on /admin directly instead
 * of passing through "/" (which only redirects them on: a blank page on the way).
 */
export function homeAfterSignIn(callbackUrl: string, role: string | null | undefined): string {
  const path = safeRedirectPath(callbackUrl);
  return path === "/" && role === "admin" ? "/admin" : path;
}
