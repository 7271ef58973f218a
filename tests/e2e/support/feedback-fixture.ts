// Stores production feedback for a journey as ingest does (tests/support/feedback-factories.ts):
// tsx --conditions=react-server tests/e2e/support/feedback-fixture.ts '<slug>' '<events json>'
import { sendFeedback, type TestFeedbackEvent } from "../../support/feedback-factories";
import { pool } from "@/lib/server/db/client";

async function main() {
  const [slug, events] = process.argv.slice(2);
  const result = await sendFeedback(slug!, JSON.parse(events!) as TestFeedbackEvent[]);
  process.stdout.write(JSON.stringify(result));
  await pool().end();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
