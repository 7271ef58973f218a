// Production server: Next's request handler behind a plain Node HTTP server, so that the
// client's socket address reaches the app. Next itself only fills X-Forwarded-For when the
// client has not sent one, which would let anyone choose the address that per-address
// sign-in limits count. Used by `npm start`, `npm run demo`, the browser tests and Docker.
// WEB_CONCURRENCY=N runs N worker processes sharing the port (default 1).
import cluster from "node:cluster";
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
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
