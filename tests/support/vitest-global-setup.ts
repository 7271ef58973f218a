import { startTestDatabase } from "./test-database";

// Both integration projects (vitest.config.mts) name this setup: the first to run starts the
// database (or migrates TEST_DATABASE_URL's) and stops it at the end; the other reuses it.
const STARTED = "RLHF_VITEST_DATABASE_STARTED";

export default async function setup() {
  if (process.env[STARTED]) return;
  const database = await startTestDatabase();
  process.env[STARTED] = "1";
  // Workers start after this and inherit the environment.
  process.env.TEST_DATABASE_URL = database.url;
  process.env.TEST_SERVER_URL = database.serverUrl;
  process.env.DATABASE_URL = database.url;
  return async () => {
    delete process.env[STARTED];
    await database.stop();
  };
}
