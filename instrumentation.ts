// Runs once when the server starts. In production a missing AUTH_SECRET (or any other
// invalid setting) stops the server here, before it answers a single request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { env } = await import("@/lib/server/env");
  try {
    env();
  } catch (error) {
    console.error(`RLHF Studio cannot start: ${(error as Error).message}`);
    process.exit(1);
  }
}
