// npm run stub:openai -- [--port 8089] [--host 127.0.0.1] [--latency-ms 0] [--chunk-delay-ms 0]
// With STUB_OPENAI_API_KEY set, requests without `Authorization: Bearer <it>` get 401.
// DEMO / TEST STAND-IN, NOT A MODEL SERVER: RLHF Studio's own OpenAI-protocol stub with the
// canned models stub-careful, stub-terse and stub-rambling (see stub-server.ts). Register it
// with: npm run -s cli -- model add --name careful --base-url http://127.0.0.1:8089/v1 --model stub-careful
import { parseArgs } from "node:util";
import { startOpenAIStub } from "./stub-server";
import { STUB_MODELS } from "./stub-replies";

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8089" },
      host: { type: "string", default: "127.0.0.1" },
      "latency-ms": { type: "string", default: "0" },
      "chunk-delay-ms": { type: "string", default: "0" },
    },
  });
  const port = Number(values.port);
  const latencyMs = Number(values["latency-ms"]);
  const chunkDelayMs = Number(values["chunk-delay-ms"]);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port: a port number");
  if (!Number.isInteger(latencyMs) || latencyMs < 0) throw new Error("--latency-ms: a whole number of milliseconds");
  if (!Number.isInteger(chunkDelayMs) || chunkDelayMs < 0) {
    throw new Error("--chunk-delay-ms: a whole number of milliseconds");
  }
  const apiKey = process.env.STUB_OPENAI_API_KEY || null;
  const stub = await startOpenAIStub({ port, host: values.host, latencyMs, chunkDelayMs, apiKey });
  process.stderr.write(
    `OpenAI-protocol DEMO STAND-IN (not a model: canned replies) at ${stub.url}\nmodels: ${STUB_MODELS.join(", ")}${apiKey ? "\nrequires the key in STUB_OPENAI_API_KEY" : ""}\n`,
  );
  process.stdout.write(`${JSON.stringify({ url: stub.url, models: STUB_MODELS })}\n`);
  const stop = () => void stub.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`stub:openai: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
