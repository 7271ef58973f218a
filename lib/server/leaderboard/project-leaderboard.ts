import "server-only";
import { z } from "zod";
import { buildLeaderboard, type Leaderboard } from "@/lib/domain/leaderboard/leaderboard";
import { modelLengths, modelPairsByCluster } from "@/lib/server/leaderboard/leaderboard-queries";
import { requireProject } from "@/lib/server/projects/require-project";

/** Items are summed into at most this many clusters for the bootstrap (lib/domain/leaderboard/bootstrap.ts). */
export const LEADERBOARD_CLUSTERS = 1000;

export type ProjectLeaderboard = Leaderboard & { project: string };

/**
 * The model leaderboard of a project (docs/MODELS.md#leaderboard), computed now from its
 * answers: the models its completions name, then (when there are two or more to compare)
 * the pair outcomes summed in SQL, and the fit and the bootstrap in memory on at most
 * LEADERBOARD_CLUSTERS × model pairs counts. A project whose completions name fewer than two
 * models skips the pass over its answers (25 s of the 750,000-answer bench project's figures).
 */
export async function leaderboardOf(project: { id: string; slug: string }): Promise<ProjectLeaderboard> {
  const lengths = await modelLengths(project.id);
  const clusters = lengths.length >= 2 ? await modelPairsByCluster(project.id, LEADERBOARD_CLUSTERS) : [];
  return { project: project.slug, ...buildLeaderboard(clusters, lengths) };
}

/** The same for a project named by its slug (the CLI and the API): not_found when there is none. */
export async function projectLeaderboard(slug: string): Promise<ProjectLeaderboard> {
  return leaderboardOf(await requireProject(slug));
}

const rate = z.number().min(0).max(1);
const count = z.number().nonnegative();

/** The leaderboard's shape, checked when a stored project summary is read back. */
export const projectLeaderboardSchema: z.ZodType<ProjectLeaderboard> = z.object({
  project: z.string(),
  models: z.array(
    z.object({
      model: z.string(),
      rating: z.number(),
      ci95: z.tuple([z.number(), z.number()]),
      wins: count,
      losses: count,
      ties: count,
      comparisons: count,
      winRate: rate,
      meanLength: z.number().nonnegative().nullable(),
    }),
  ),
  winRates: z.array(z.array(rate.nullable())),
  pairComparisons: z.array(z.array(count)),
  comparisons: count,
  modelsNamed: count,
  bootstrap: z.object({ resamples: count, seed: z.number(), clusters: count, prior: count }),
});
