// Production server: Next's request handler behind a plain Node HTTP server, so that the
// client's socket address reaches the app. Next itself only fills X-Forwarded-For when the
// client has not sent one, which would let anyone choose the address that per-address
// sign-in limits count. Used by `npm start`, `npm run demo`, the browser tests and Docker.
import { createServer } from "node:http";
import next from "next";

const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME_BIND ?? "0.0.0.0";
const app = next({ dev: false, hostname: "localhost", port });
const handle = app.getRequestHandler();

await app.prepare();

const server = createServer((req, res) => {
  // Always overwritten: a client-sent value never survives.
  req.headers["x-rlhf-client-address"] = req.socket.remoteAddress ?? "unknown";
  handle(req, res);
});

server.listen(port, hostname, () => {
  console.log(`RLHF Studio listening on http://localhost:${port}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  // Keep-alive connections can hold close() open; do not wait for them forever.
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
