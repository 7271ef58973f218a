// leaderboard: a project's models rated from its comparisons and rankings (docs/MODELS.md#leaderboard).
import { defineCommand } from "@/cli/command";

export const leaderboardCommand = defineCommand({
  name: "leaderboard",
  summary:
    'Bradley–Terry ratings (Elo scale, models\' mean 1000) of the models named by the project\'s completions, best first, with bootstrap 95% intervals: {"models": [{"model", "rating", "ci95", "wins", "losses", "ties", "comparisons", "winRate", "meanLength"}], "winRates", "pairComparisons", "comparisons", "modelsNamed", "bootstrap"}.',
  options: {
    project: { type: "string", value: "S", required: true, help: "the project's slug" },
  },
  async run(o) {
    const { projectLeaderboard } = await import("@/lib/server/leaderboard/project-leaderboard");
    return projectLeaderboard(o.project);
  },
});
