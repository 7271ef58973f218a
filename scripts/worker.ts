// npm run worker: runs generation requests (docs/MODELS.md, "Generation jobs") until SIGTERM
// or SIGINT. `npm start` runs one as its child unless WORKERS=0; start more anywhere that
// reaches the database to generate faster: the per-endpoint limits hold across all of them.
import { startGenerationWorker } from "@/lib/server/generation/worker";

async function main() {
  const worker = await startGenerationWorker();
  console.log(`generation worker ${process.pid} started`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void worker.stop(20_000).then(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(`worker: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
