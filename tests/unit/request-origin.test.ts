import { describe, expect, it } from "vitest";
import { isOwnOrigin, isSameOriginRequest, ownOrigins, type ServerAddress } from "@/lib/domain/request-origin";

const direct: ServerAddress = {
  host: "localhost:3000",
  forwardedHost: null,
  forwardedProto: null,
  trustProxy: false,
};

describe("isOwnOrigin", () => {
  it("compares scheme, host and port", () => {
    expect(isOwnOrigin("http://localhost:3000", direct)).toBe(true);
    expect(isOwnOrigin("https://localhost:3000", direct)).toBe(false);
    expect(isOwnOrigin("http://localhost:3001", direct)).toBe(false);
    expect(isOwnOrigin("http://localhost", direct)).toBe(false);
    expect(isOwnOrigin("http://127.0.0.1:3000", direct)).toBe(false);
    expect(isOwnOrigin("null", direct)).toBe(false);
    expect(isOwnOrigin("", direct)).toBe(false);
    expect(isOwnOrigin(null, direct)).toBe(false);
  });

  it("drops default ports on both sides", () => {
    const plain = { ...direct, host: "studio.example.com:80" };
    expect(isOwnOrigin("http://studio.example.com", plain)).toBe(true);
  });

  it("ignores X-Forwarded-Host and -Proto without a trusted proxy", () => {
    const forged = { ...direct, forwardedHost: "evil.example", forwardedProto: "https" };
    expect(isOwnOrigin("https://evil.example", forged)).toBe(false);
    expect(ownOrigins(forged)).toEqual(["http://localhost:3000"]);
  });

  it("reads the trusted proxy's X-Forwarded-Host and -Proto (the entry it appended)", () => {
    const proxied: ServerAddress = {
      host: "app:3000",
      forwardedHost: "evil.example, studio.example.com",
      forwardedProto: "https",
      trustProxy: true,
    };
    expect(isOwnOrigin("https://studio.example.com", proxied)).toBe(true);
    expect(isOwnOrigin("http://studio.example.com", proxied)).toBe(false);
    expect(isOwnOrigin("https://evil.example", proxied)).toBe(false);
  });

  it("accepts the public URL (NEXTAUTH_URL) behind a TLS proxy that is not trusted", () => {
    const behindTls = { ...direct, host: "studio.example.com", publicUrl: "https://studio.example.com/" };
    expect(isOwnOrigin("https://studio.example.com", behindTls)).toBe(true);
    expect(isOwnOrigin("https://studio.example.com:8443", behindTls)).toBe(false);
  });
});

describe("isSameOriginRequest", () => {
  const own = "http://localhost:3000";
  const check = (method: string, origin: string | null, fetchSite: string | null) =>
    isSameOriginRequest({ method, origin, fetchSite }, direct);

  it("writes need our Origin, a missing one included", () => {
    expect(check("POST", own, "same-origin")).toBe(true);
    expect(check("POST", own, null)).toBe(true);
    expect(check("POST", null, null)).toBe(false);
    expect(check("PATCH", "https://evil.example", null)).toBe(false);
    expect(check("DELETE", "null", null)).toBe(false);
  });

  it("reads are refused when another site started them", () => {
    expect(check("GET", null, "cross-site")).toBe(false);
    expect(check("GET", null, "same-site")).toBe(false);
    expect(check("GET", "https://evil.example", null)).toBe(false);
    expect(check("GET", null, "same-origin")).toBe(true);
    expect(check("GET", null, "none")).toBe(true);
    expect(check("GET", own, "same-origin")).toBe(true);
    // curl with a cookie, or a browser too old to say.
    expect(check("GET", null, null)).toBe(true);
  });
});
