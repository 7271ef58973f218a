// Production server: Next's request handler behind a plain Node HTTP server, so that the
// client's socket address reaches the app. Next itself only fills X-Forwarded-For when the
// client has not sent one, which would let anyone choose the address that per-address
// sign-in limits count. Used by `npm start`, `npm run demo`, the browser tests and Docker.
// WEB_CONCURRENCY=N runs N worker processes sharing the port (default 1).
// WORKERS=N runs N generation workers (scripts/worker.ts: model requests of generation jobs)
// as children, restarted when they die (default 1; 0: none, run `npm run worker` elsewhere).
// It also caps request bodies while they stream and refuses page posts (server actions)
// that carry no Origin; see guardRequest below. Pages and their assets go out compressed
// (see compressPages below; build scripts and styles in brotli when the browser takes it,
// lib/brotli-assets.mjs).
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath, URL } from "node:url";
import next from "next";
import { loadBrotliAssets, serveBrotliAsset } from "./lib/brotli-assets.mjs";

const port = Number(process.env.PORT ?? 3000);
/** The body caps, shared with lib/server/http.ts and next.config.js. */
const require = createRequire(import.meta.url);
const limits = require("./lib/body-limits.json");
// Parsed as lib/server/env.ts parses it (the app proper reads settings only there).
const trustProxy = ["true", "1"].includes(process.env.TRUST_PROXY ?? "false");
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The path Next will route (dot segments resolved: "/api/../admin" is a page), or "/" when unreadable. */
function pathOf(url) {
  try {
    return new URL(`http://localhost${url?.startsWith("/") ? url : "/"}`).pathname;
  } catch {
    return "/";
  }
}

/** The most a request body to this path may hold. */
function bodyCap(pathname) {
  if (pathname.startsWith("/api/auth/")) return limits.authBytes;
  // The import streams its file line by line (memory stays flat): the one large body.
  if (/^\/api\/projects\/[^/]+\/import$/.test(pathname)) return limits.importBytes;
  // A batch of up to 1,000 feedback events (docs/FEEDBACK.md), read whole: 32 MiB.
  if (/^\/api\/projects\/[^/]+\/feedback$/.test(pathname)) return limits.feedbackBytes;
  if (pathname.startsWith("/api/")) return limits.jsonBytes;
  return limits.pageBytes;
}

/** Answers before Next does (or instead of it, when Next has begun): the connection then closes. */
function answer(res, status, code, message) {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    connection: "close",
  });
  res.end(body);
}

/** After our own answer, whatever Next still writes for this request goes nowhere. */
function silence(res) {
  res.on("error", () => {});
  const ignore = (...args) => {
    const callback = args.find((arg) => typeof arg === "function");
    if (callback) process.nextTick(callback);
    return res;
  };
  for (const method of ["writeHead", "setHeader", "appendHeader", "removeHeader", "flushHeaders", "end"])
    res[method] = ignore;
  res.write = (...args) => (ignore(...args), true);
}

/** How long a refused upload may go on arriving (and be thrown away) after its 413 went out. */
const LINGER_MS = 2_000;

/**
 * Refuses a body with 413 and closes the connection the way a client can read the answer.
 * Closing a socket whose client is still sending makes the kernel answer with a reset, and a
 * reset can reach the client before it has read the 413 (it then sees EPIPE or ECONNRESET and
 * no answer at all). So, as nginx's lingering close does: the answer goes out with a FIN, what
 * still arrives is read and dropped without being kept, and the socket is destroyed when the
 * client closes its side or after LINGER_MS, whichever comes first.
 */
function refuseBody(req, res, cap) {
  const socket = req.socket;
  req.push = (chunk) => chunk !== null; // every later chunk is dropped, and reading goes on
  socket.destroySoon = function () {
    if (this.writable) this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once("end", () => this.destroy());
    this.once("close", () => clearTimeout(timer));
  };
  answer(res, 413, "too_large", `Request body larger than ${cap} bytes`);
}

/**
 * Counts the body's bytes as the socket delivers them (the HTTP parser hands each chunk to
 * req.push), without buffering anything. Past the cap the chunk is dropped, the client gets
 * 413, and the connection closes (see refuseBody).
 */
function capBody(req, res, cap) {
  let received = 0;
  const push = req.push;
  req.push = function (chunk, encoding) {
    if (chunk === null) return push.call(this, chunk, encoding);
    received += chunk.length;
    if (received <= cap) return push.call(this, chunk, encoding);
    if (res.headersSent) {
      req.push = () => false;
      req.socket.destroy();
      return false;
    }
    refuseBody(req, res, cap);
    silence(res);
    return true; // keep reading: refuseBody drops what follows
  };
}

/**
 * Checks every request before Next sees it. Returns false when it has answered itself.
 * - Bodies: a declared length past the route's cap is refused at once, and every body is
 *   counted as it streams (a chunked body has no length to check up front).
 * - Page posts are server actions: without an Origin (a tool replaying a cookie; browsers
 *   always send one) they are refused. Next compares an Origin that is present with the host.
 * - X-Forwarded-Host is the client's word unless a proxy we trust set it: dropped otherwise,
 *   so that neither our origin checks nor Next's can be pointed at another host.
 */
function guardRequest(req, res) {
  if (!trustProxy) delete req.headers["x-forwarded-host"];
  const pathname = pathOf(req.url);
  const cap = bodyCap(pathname);
  if (Number(req.headers["content-length"] ?? 0) > cap) {
    refuseBody(req, res, cap); // not a byte of it is kept
    return false;
  }
  if (req.headers["transfer-encoding"] !== undefined || req.headers["content-length"] !== undefined)
    capBody(req, res, cap);
  if (!pathname.startsWith("/api/") && !SAFE_METHODS.has(req.method ?? "GET") && !req.headers.origin) {
    answer(res, 403, "forbidden", "Cross-site request refused: no Origin header");
    return false;
  }
  return true;
}

// Next's own compression middleware (the `compression` package it ships and runs when its
// `compress` option is on): gzip or deflate as Accept-Encoding asks, `Vary: Accept-Encoding`,
// compressible types only (HTML, RSC payloads, JS, CSS; not images or fonts), bodies over 1 kB,
// and Next flushes it after every chunk, so streamed pages still stream.
const compression = require("next/dist/compiled/compression")();
const { releaseCompressionStream } = require("next/dist/server/lib/release-compression-stream");

/**
 * Compresses page and asset answers (JS, CSS, HTML: what a browser downloads), not the API's:
 * next.config.js turns Next's own pass off because it would also compress every small JSON
 * answer, which costs the queue more CPU than it saves (npm run bench:queue), and would run
 * under the body caps' early answers. So only requests without a body: a refused upload's
 * 413 and its lingering close (refuseBody) never meet a compressing response.
 */
function compressPages(req, res) {
  if (!SAFE_METHODS.has(req.method ?? "GET") || pathOf(req.url).startsWith("/api/")) return;
  if (req.headers["transfer-encoding"] !== undefined || Number(req.headers["content-length"] ?? 0) > 0) return;
  compression(req, res, () => {});
  // As Next does: a client that goes away mid-answer would otherwise leave the zlib stream open.
  res.once("close", () => {
    if (!res.writableFinished) releaseCompressionStream(res);
  });
}

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

/**
 * The generation workers: separate processes, so that model requests never compete with
 * pages for this process's event loop. One that dies is started again after 5 s.
 */
function startGenerationWorkers() {
  const count = Number(process.env.WORKERS ?? 1);
  if (!Number.isInteger(count) || count < 0)
    throw new Error("WORKERS must be a whole number (0: no generation worker)");
  const children = new Set();
  let stopping = false;
  const root = fileURLToPath(new URL(".", import.meta.url));
  const launch = () => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
      cwd: root,
      env: process.env,
      stdio: "inherit",
    });
    children.add(child);
    child.on("exit", (code, signal) => {
      children.delete(child);
      if (stopping) return;
      console.error(`generation worker ${child.pid} exited (${signal ?? code}); starting another in 5 s`);
      setTimeout(() => stopping || launch(), 5000).unref();
    });
  };
  for (let i = 0; i < count; i += 1) launch();
  return () => {
    stopping = true;
    for (const child of children) child.kill("SIGTERM");
  };
}

const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const workers = Math.max(1, Number(process.env.WEB_CONCURRENCY ?? 1));

const stopGenerationWorkers = cluster.isPrimary ? startGenerationWorkers() : () => {};
const distDir = fileURLToPath(new URL(".next", import.meta.url));

if (workers > 1 && cluster.isPrimary) {
  // Made once here, so the workers only read the `.br` files.
  await loadBrotliAssets(distDir);
  for (let i = 0; i < workers; i += 1) cluster.fork();
  let stopping = false;
  cluster.on("exit", (worker, code) => {
    if (stopping) return;
    // A worker that dies at start (bad settings) takes the server down with it, as with one process.
    console.error(`worker ${worker.process.pid} exited (${code}); stopping`);
    stopping = true;
    stopGenerationWorkers();
    for (const other of Object.values(cluster.workers ?? {})) other?.kill("SIGTERM");
    process.exitCode = code ?? 1;
  });
  const stop = () => {
    stopping = true;
    stopGenerationWorkers();
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill("SIGTERM");
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
} else {
  const app = next({ dev: false, hostname: "localhost", port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const startedCompressing = Date.now();
  const brotliAssets = await loadBrotliAssets(distDir);
  if (cluster.isPrimary || cluster.worker?.id === 1) {
    const seconds = ((Date.now() - startedCompressing) / 1000).toFixed(1);
    console.log(`${brotliAssets.size} build scripts and styles ready in brotli (${seconds} s)`);
  }

  const server = createServer((req, res) => {
    if (!guardRequest(req, res)) return;
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
    if (serveBrotliAsset(brotliAssets, req, res, pathOf(req.url))) return;
    compressPages(req, res);
    handle(req, res);
  });

  server.listen(port, hostname, () => {
    if (cluster.isPrimary || cluster.worker?.id === 1) console.log(`RLHF Studio listening on http://localhost:${port}`);
  });

  const shutdown = () => {
    stopGenerationWorkers();
    server.close(() => process.exit(0));
    // Keep-alive connections can hold close() open; do not wait for them forever.
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on("SIGTERM", shutdown);
  process.on("SIGINT", shutdown);
}
