import { BarChart } from "@/components/charts/bar-chart";
import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";
import type { AgreementReport } from "@/lib/server/agreement/project-agreement";
import { TurnConsistencyCard } from "@/components/admin/turn-consistency-card";

const percent = (v: number | null | undefined) => (v === null || v === undefined ? "–" : `${Math.round(v * 100)}%`);

/** The project's agreement: overall with its interval, and per labeler with their biases. */
export function AgreementCard({ report }: { report: AgreementReport }) {
  // A conversation's turns have one labeler each: agreement is measured on the reviewed turns.
  if (report.kind === "conversation") return <TurnConsistencyCard consistency={report.turnConsistency} />;
  // Stats are repaired in the background (never while a page renders): say what is missing.
  const stale = report.staleItems ? (
    <p className="text-sm text-amber-700" data-testid="stale-stats">
      {report.staleItems.toLocaleString("en")} items&apos; stats are being refreshed; until then the figures leave their
      newest answers out.
    </p>
  ) : null;
  if (!report.pairwise || report.pairwise.agreement === null) {
    return (
      <div className="space-y-3">
        {stale}
        <p className="text-sm text-slate-500">Agreement appears once two labelers have ranked the same item.</p>
      </div>
    );
  }
  const p = report.pairwise;
  return (
    <div className="space-y-5" data-testid="agreement">
      {stale}
      <p className="text-sm text-slate-600">
        <span className="text-2xl font-semibold text-slate-900 tabular-nums">{percent(p.agreement)}</span> of labeler
        pairs agree which completion is better (95% interval {percent(p.ci95?.[0])}–{percent(p.ci95?.[1])},{" "}
        {p.comparisons.toLocaleString("en")} comparisons on {p.items.toLocaleString("en")} items; ties in{" "}
        {percent(p.tieShare)}).
        {report.winnerAlpha?.alpha != null
          ? ` Krippendorff's alpha on the winner: ${report.winnerAlpha.alpha.toFixed(2)}.`
          : ""}
        {report.likertAlpha?.alpha != null ? ` On Likert ratings: ${report.likertAlpha.alpha.toFixed(2)}.` : ""}
      </p>
      <div className="space-y-6">
        <figure className="max-w-xl">
          <figcaption className="mb-2 text-xs font-medium text-slate-600">
            Agreement with the other labelers (%)
          </figcaption>
          <BarChart
            orientation="horizontal"
            title="Agreement with the others"
            testId="chart-labeler-agreement"
            bars={report.labelers
              .filter((l) => l.agreementWithOthers !== null)
              .map((l) => ({ label: l.email, value: Math.round(l.agreementWithOthers! * 100) }))}
          />
        </figure>
        <div className="px-5">
          <Table
            columns={[
              { label: "Labeler" },
              { label: "With others", align: "right" },
              { label: "Gold", align: "right" },
              { label: "First shown wins", align: "right" },
              { label: "Longer wins", align: "right" },
            ]}
          >
            {report.labelers.map((l) => (
              <tr key={l.labeler} className={l.lowAgreement ? "bg-rose-50" : ""}>
                <td className="px-5 py-2">
                  {l.email} {l.lowAgreement ? <Badge tone="red">far below peers</Badge> : null}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{percent(l.agreementWithOthers)}</td>
                <td className="px-5 py-2 text-right tabular-nums">
                  {l.gold.answered ? `${percent(l.gold.accuracy)} (${l.gold.correct}/${l.gold.answered})` : "–"}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">
                  {percent(l.firstShownWins)}{" "}
                  <span className="text-xs text-slate-500">vs {percent(l.firstShownExpected)}</span>
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{percent(l.longerPreferred)}</td>
              </tr>
            ))}
          </Table>
        </div>
      </div>
    </div>
  );
}
