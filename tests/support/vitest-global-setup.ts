import { startTestDatabase } from "./test-database";

export default async function setup() {
  const database = await startTestDatabase();
  // Workers start after this and inherit the environment.
  process.env.TEST_DATABASE_URL = database.url;
  process.env.TEST_SERVER_URL = database.serverUrl;
  process.env.DATABASE_URL = database.url;
  return () => database.stop();
}
