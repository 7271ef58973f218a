// @ts-check

/** Security headers for every response. Pages get their Content-Security-Policy, with a
 * per-request script nonce, from server.mjs; API answers (JSON, never rendered) get one that
 * allows nothing. */
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];
const apiPolicy = { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" };
// API answers carry people's data and are read with a cookie or a token: no browser or shared
// cache may keep them.
const apiNoStore = { key: "Cache-Control", value: "no-store" };
/** The body caps: server.mjs enforces them while bodies stream; Next's own action limit agrees. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- this file is CommonJS
const bodyLimits = require("./lib/body-limits.json");

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Compressing every small JSON answer costs more CPU than it saves on a LAN or behind a
  // reverse proxy (which compresses anyway): measured by npm run bench:queue. Pages, scripts and
  // styles are compressed by server.mjs (compressPages), with the same middleware.
  compress: false,
  // Native and WASM-backed packages load from node_modules at run time instead of being bundled.
  serverExternalPackages: ["@node-rs/argon2", "pg", "@prisma/adapter-pg"],
  // The pages/api routes (the queue's hot path) bundle their dependencies as route handlers do,
  // so that `server-only` resolves as on the server (left external, it would throw).
  bundlePagesRouterDependencies: true,
  experimental: { serverActions: { bodySizeLimit: bodyLimits.pageBytes } },
  async headers() {
    return [
      { source: "/:path*", headers: securityHeaders },
      { source: "/api/:path*", headers: [apiPolicy, apiNoStore] },
    ];
  },
};

module.exports = nextConfig;
