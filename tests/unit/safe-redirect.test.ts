import { describe, expect, it } from "vitest";
import { homeAfterSignIn, safeAuthRedirect, safeRedirectPath } from "@/lib/domain/safe-redirect";

// Each input as the app receives it (the query string already decoded once).
describe("safeRedirectPath", () => {
  it.each([
    ["//evil", "protocol-relative"],
    ["/\\evil", "backslash read as a slash"],
    ["/\\\\evil", "two backslashes"],
    ["/\t/evil", "tab removed by the browser"],
    ["/\n/evil", "newline removed by the browser"],
    ["/\r\n/evil", "CR LF removed by the browser"],
    ["\t//evil", "leading tab"],
    [" //evil", "leading space"],
    ["/%09/evil", "encoded tab, decoded once more downstream"],
    ["/%2F%2Fevil", "encoded slashes, decoded once more downstream"],
    ["/%5Cevil", "encoded backslash"],
    ["/.//evil", "dot segment that resolves to //evil"],
    ["/a/../..//evil", "dot-dot segments that resolve to //evil"],
    ["https://evil", "absolute URL"],
    ["http:/evil", "scheme with one slash"],
    ["javascript:alert(1)", "javascript: URL"],
    ["JavaScript:alert(1)", "javascript: URL in mixed case"],
    ["data:text/html,x", "data: URL"],
    ["%E0%A4%A", "bad percent-encoding"],
    ["/%E0%A4%A", "bad percent-encoding in a path"],
    ["admin", "relative path"],
    ["", "empty"],
  ])("%j (%s) goes to /", (input) => {
    expect(safeRedirectPath(input)).toBe("/");
  });

  it.each([
    ["/admin?x=1#y", "/admin?x=1#y"],
    ["/", "/"],
    ["/admin/projects/reply-rankings", "/admin/projects/reply-rankings"],
    ["/label/chat?from=%2Fadmin", "/label/chat?from=%2Fadmin"],
    // Characters a Location header cannot carry come back percent-encoded.
    ["/caf\u00e9", "/caf%C3%A9"],
  ])("%j is kept as %j", (input, expected) => {
    expect(safeRedirectPath(input)).toBe(expected);
  });

  it("reads the first of repeated parameters and treats a missing one as /", () => {
    expect(safeRedirectPath(["/admin", "//evil"])).toBe("/admin");
    expect(safeRedirectPath(["//evil", "/admin"])).toBe("/");
    expect(safeRedirectPath(undefined)).toBe("/");
    expect(safeRedirectPath(null)).toBe("/");
  });
});

describe("safeAuthRedirect (next-auth's redirect callback)", () => {
  const base = "http://localhost:3000";
  it.each([
    ["/admin?x=1", `${base}/admin?x=1`],
    [`${base}/admin`, `${base}/admin`],
    ["https://evil.example/x", `${base}/`],
    ["http://localhost:3000.evil.example/x", `${base}/`],
    [`${base}/.//evil.example`, `${base}/`],
    ["/\t/evil.example", `${base}/`],
    ["%E0%A4%A", `${base}/`],
  ])("%j goes to %j", (url, expected) => {
    expect(safeAuthRedirect(url, base)).toBe(expected);
  });

  it("keeps an absolute URL on our origin as it is when the base URL has a path", () => {
    expect(safeAuthRedirect("https://x.example/studio/admin", "https://x.example/studio")).toBe(
      "https://x.example/studio/admin",
    );
    expect(safeAuthRedirect("/admin", "https://x.example/studio/")).toBe("https://x.example/studio/admin");
  });
});

describe("homeAfterSignIn", () => {
  it("sends an admin with no page asked for to /admin, anyone else where they asked", () => {
    expect(homeAfterSignIn("/", "admin")).toBe("/admin");
    expect(homeAfterSignIn("/", "labeler")).toBe("/");
    expect(homeAfterSignIn("/", undefined)).toBe("/");
    expect(homeAfterSignIn("/admin/audit", "admin")).toBe("/admin/audit");
    expect(homeAfterSignIn("/projects/p", "labeler")).toBe("/projects/p");
    expect(homeAfterSignIn("//evil.example", "admin")).toBe("/admin");
  });
});
