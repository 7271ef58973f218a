import { Table } from "@/components/ui/table";
import type { CostReport } from "@/lib/domain/quality/cost";

function hours(ms: number) {
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
const money = (n: number | null) =>
  n === null ? "—" : n.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Active time and cost per labeler and for the project (docs/QUALITY.md "Time and cost"). */
export function CostCard({ report, kind }: { report: CostReport; kind: string }) {
  const demonstrations = kind === "demonstration";
  const unit = demonstrations ? "accepted demonstration" : "accepted preference pair";
  const perUnit = (f: CostReport["total"]) => (demonstrations ? f.costPerDemonstration : f.costPerPair);
  const units = (f: CostReport["total"]) => (demonstrations ? f.demonstrations : f.preferencePairs);
  if (report.total.answers === 0)
    return (
      <p className="text-sm text-slate-600">No answers yet: time and cost appear with the first submitted task.</p>
    );
  return (
    <div className="space-y-4" data-testid="cost-card">
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {(
          [
            ["Active time", hours(report.total.activeMs)],
            ["Cost", money(report.total.cost)],
            [
              `${demonstrations ? "Accepted demonstrations" : "Accepted preference pairs"}`,
              units(report.total).toLocaleString("en"),
            ],
            [`Cost per ${unit}`, money(perUnit(report.total))],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded-lg bg-slate-50 px-3 py-2">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="text-lg font-semibold text-slate-800 tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="text-xs text-slate-500">
        {report.hourlyRate === null
          ? "No hourly rate: set one on the Settings tab to see the cost."
          : `At ${money(report.hourlyRate)} per hour of active time (the time labelers spent on submitted answers).`}
        {demonstrations
          ? " Accepted: kept by a reviewer or never sampled for review; waiting and rejected ones cost time but are not counted."
          : " Quality checks cost time but give no pairs: they are not exported."}
      </p>
      <div className="pt-5">
        <Table
          testId="cost-by-labeler"
          columns={[
            { label: "Labeler" },
            { label: "Answers", align: "right" },
            { label: "Active time", align: "right" },
            { label: "Cost", align: "right" },
            { label: `Per ${unit}`, align: "right" },
          ]}
        >
          {report.labelers.map((l) => (
            <tr key={l.labelerId}>
              <td className="px-5 py-2 text-slate-700">{l.email}</td>
              <td className="px-5 py-2 text-right tabular-nums">{l.answers}</td>
              <td className="px-5 py-2 text-right tabular-nums">{hours(l.activeMs)}</td>
              <td className="px-5 py-2 text-right tabular-nums">{money(l.cost)}</td>
              <td className="px-5 py-2 text-right tabular-nums">{money(perUnit(l))}</td>
            </tr>
          ))}
        </Table>
      </div>
    </div>
  );
}
