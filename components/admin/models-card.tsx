import { RatingIntervalChart } from "@/components/charts/rating-interval-chart";
import { WinRateHeatmap } from "@/components/charts/win-rate-heatmap";
import { Table } from "@/components/ui/table";
import type { ProjectLeaderboard } from "@/lib/server/leaderboard/project-leaderboard";

const percent = (v: number) => `${Math.round(v * 100)}%`;

/**
 * The project's models rated from its comparisons and rankings (docs/MODELS.md#leaderboard):
 * ratings with their intervals, who beats whom, and the counts behind them.
 */
export function ModelsCard({ board }: { board: ProjectLeaderboard }) {
  if (board.modelsNamed < 2) {
    return (
      <p className="text-sm text-slate-500" data-testid="models-empty">
        No models to compare: import completions that name their model (
        <code className="rounded bg-slate-100 px-1">{'"completions": [{"model": "…", "text": "…"}]'}</code>) and the
        models are rated here as labelers rank them.
      </p>
    );
  }
  if (board.models.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="models-empty">
        {board.modelsNamed} models named; ratings appear once labelers have compared completions of two different
        models.
      </p>
    );
  }
  const labels = board.models.map((m) => m.model);
  return (
    <div className="space-y-6" data-testid="models">
      <p className="text-sm text-slate-600">
        Bradley–Terry ratings on the Elo scale (the models&apos; mean is 1000; 400 points = 10:1 odds) from{" "}
        {board.comparisons.toLocaleString("en")} comparisons, with 95% bootstrap intervals over items. A ranking counts
        as each of its pairs; a tie as half a win to each.
      </p>
      <div className="grid gap-6 lg:grid-cols-2">
        <figure>
          <figcaption className="mb-2 text-xs font-medium text-slate-600">Rating and 95% interval</figcaption>
          <RatingIntervalChart
            title="Model ratings"
            reference={1000}
            testId="chart-model-ratings"
            rows={board.models.map((m) => ({ label: m.model, rating: m.rating, interval: m.ci95 }))}
          />
        </figure>
        <figure>
          <figcaption className="mb-2 text-xs font-medium text-slate-600">
            Win rate of the row&apos;s model against the column&apos;s
          </figcaption>
          <WinRateHeatmap
            title="Win rates, row beats column"
            labels={labels}
            rates={board.winRates}
            counts={board.pairComparisons}
            testId="chart-win-rates"
          />
        </figure>
      </div>
      <div className="px-5">
        <Table
          testId="models-table"
          columns={[
            { label: "Model" },
            { label: "Rating", align: "right" },
            { label: "95% interval", align: "right" },
            { label: "Won / lost / tied", align: "right" },
            { label: "Win rate", align: "right" },
            { label: "Mean length", align: "right" },
          ]}
        >
          {board.models.map((m) => (
            <tr key={m.model}>
              <td className="max-w-[16rem] truncate px-5 py-2 whitespace-nowrap" title={m.model}>
                {m.model}
              </td>
              <td className="px-5 py-2 text-right font-medium tabular-nums">{Math.round(m.rating)}</td>
              <td className="px-5 py-2 text-right tabular-nums whitespace-nowrap">
                {Math.round(m.ci95[0])}–{Math.round(m.ci95[1])}
              </td>
              <td className="px-5 py-2 text-right tabular-nums whitespace-nowrap">
                {m.wins} / {m.losses} / {m.ties}
              </td>
              <td className="px-5 py-2 text-right tabular-nums">{percent(m.winRate)}</td>
              <td className="px-5 py-2 text-right tabular-nums whitespace-nowrap">
                {m.meanLength === null ? "–" : `${Math.round(m.meanLength).toLocaleString("en")} chars`}
              </td>
            </tr>
          ))}
        </Table>
      </div>
    </div>
  );
}
