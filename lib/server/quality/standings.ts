import "server-only";
import { pool } from "@/lib/server/db/client";
import { requireProject } from "@/lib/server/projects/require-project";
import { memberStandings } from "@/lib/server/quality/quality-queries";

/** Every member's standing in the project (the API's answer; the CLI prints a subset). */
export async function projectStandings(slug: string) {
  const project = await requireProject(slug);
  const rows = await memberStandings(pool(), project.id);
  return {
    labelers: rows.map((r) => ({
      userId: r.userId,
      email: r.email,
      status: r.status,
      score: r.score,
      answered: r.answered,
      paused: r.paused,
      pauseReason: r.pauseReason,
      retryAfter: r.retryAfter?.toISOString() ?? null,
    })),
  };
}

/** The paused labelers of a project: the Overview's alert. */
export async function pausedLabelers(projectId: string) {
  return (await memberStandings(pool(), projectId)).filter((r) => r.paused);
}
