import { BarChart } from "@/components/charts/bar-chart";
import type { OverlapReport } from "@/lib/server/quality/quality-report";

const whole = (n: number) => Math.round(n).toLocaleString("en");
const percent = (n: number) => `${Math.round(n * 100)}%`;

/** Labels spent against a fixed overlap and the forecast of labels still needed (docs/QUALITY.md). */
export function OverlapForecastCard({ report }: { report: OverlapReport }) {
  const figures: [string, string][] = [
    ["Labels spent", whole(report.labelsSpent)],
    ["Forecast still needed", whole(report.expectedAdditional)],
    [`Fixed overlap ${report.fixedOverlap} would spend`, whole(report.fixedLabels)],
    [
      report.saving === null ? "Saving" : report.saving >= 0 ? "Saving" : "Extra cost",
      report.saving === null ? "—" : percent(Math.abs(report.saving)),
    ],
  ];
  return (
    <div className="space-y-4" data-testid="overlap-forecast">
      <p className="text-sm text-slate-600">
        {report.adaptive
          ? report.adaptive.overlapConfidence !== null
            ? `Adaptive overlap ${report.adaptive.overlapMin}–${report.adaptive.overlapMax}, settling at a confidence of ${report.adaptive.overlapConfidence} (answers weighted by gold accuracy).`
            : `Adaptive overlap ${report.adaptive.overlapMin}–${report.adaptive.overlapMax}, settling at a winner share of ${report.adaptive.overlapThreshold}.`
          : `A fixed overlap of ${report.overlap}: set minimum and maximum labelers on the Settings tab to spend labels only where answers disagree.`}
      </p>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {figures.map(([label, value]) => (
          <div key={label} className="rounded-lg bg-slate-50 px-3 py-2">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-lg font-semibold text-slate-800 tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-500">
        {report.items.toLocaleString("en")} items, {report.openItems.toLocaleString("en")} expected to take another
        label. Spent plus forecast against {report.items.toLocaleString("en")} × {report.fixedOverlap}
        {report.adaptive ? " (the maximum)" : ""}. Forecast with labeler accuracy {percent(report.accuracy)}
        {report.accuracySource === "agreement"
          ? ` (from the pairwise agreement, ${percent(report.agreement ?? 0)})`
          : " (assumed: no item has two answers yet)"}
        .
      </p>
      {report.itemsByAnswers.length > 1 ? (
        <BarChart
          title="Items by labels spent"
          orientation="horizontal"
          testId="items-by-labels"
          bars={report.itemsByAnswers.map((b) => ({
            label: `${b.answers} label${b.answers === 1 ? "" : "s"}`,
            value: b.items,
          }))}
        />
      ) : null}
    </div>
  );
}
