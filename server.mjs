// Production server: Next's request handler behind a plain Node HTTP server, so that the
// client's socket address reaches the app. Next itself only fills X-Forwarded-For when the
// client has not sent one, which would let anyone choose the address that per-address
// sign-in limits count. Used by `npm start`, `npm run demo`, the browser tests and Docker.
// WEB_CONCURRENCY=N runs N worker processes sharing the port (default 1).
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT ?? 3000);

/**
 * The pages' policy: scripts only with this response's nonce (Next's bootstrap) and what they
 * load ('strict-dynamic'); styles may be inline attributes (progress bars set a width), never
 * scripts. API answers get a deny-all policy from next.config.js. Set here rather than in a
 * Next proxy, which would cost every request (the API's too) a pass through its machinery.
 */
function pagePolicy(nonce) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
}
/**
 * Whether the path's %-escapes decode. One that does not (%ZZ, or bytes that are not UTF-8
 * such as an encoded lone surrogate, %ED%A0%80) names no page or record, and Next would answer
 * it with a bare 500 before any of our code runs.
 */
function decodablePath(url = "/") {
  try {
    decodeURIComponent(url.split("?", 1)[0]);
    return true;
  } catch {
    return false;
  }
}

function badPath(req, res) {
  res.statusCode = 400;
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
  if (req.url?.startsWith("/api/")) {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ error: { code: "bad_request", message: "The path is not valid percent-encoded UTF-8" } }));
  } else {
    res.setHeader("content-type", "text/plain; charset=utf-8");
    res.end("Bad request: the address is not valid percent-encoded UTF-8.");
  }
}

const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? 1));

if (workers > 1 && cluster.isPrimary) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  let stopping = false;
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    // A worker that dies at start (bad settings) takes the server down with it, as with one process.
    console.error(`worker ${worker.process.pid} exited (${code}); stopping`);
    stopping = true;
    for (const other of Object.values(cluster.workers ?? {})) other?.kill("SIGTERM");
    process.exitCode = code ?? 1;
  });
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const app = next({ dev: false, hostname: "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    // Always overwritten: a client-sent value never survives.
    req.headers["x-rlhf-client-address"] = req.socket.remoteAddress ?? "unknown";
    if (!decodablePath(req.url)) return badPath(req, res);
    if (!req.url?.startsWith("/api/") && !req.url?.startsWith("/_next/static/")) {
      // Pages: a Content-Security-Policy with a fresh script nonce. Next reads the nonce from
      // the request's policy and puts it on its own scripts; nothing else may run.
      const policy = pagePolicy(randomBytes(16).toString("base64"));
      req.headers["content-security-policy"] = policy;
      res.setHeader("content-security-policy", policy);
    }
    handle(req, res);
  });

  server.listen(port, hostname, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) console.log(`RLHF Studio listening on http://localhost:${port}`);
  });

  const shutdown = () => {
    server.close(() => process.exit(0));
    // Keep-alive connections can hold close() open; do not wait for them forever.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
