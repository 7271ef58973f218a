import { Table } from "@/components/ui/table";
import type { ProjectReviewReport } from "@/lib/server/reviews/review-report";

const percent = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);

/** Quality tab, demonstration projects: peer review's outcomes and each labeler's acceptance rate. */
export function ReviewCard({ report }: { report: ProjectReviewReport }) {
  const { totals } = report;
  const decided = totals.accepted + totals.edited + totals.rejected;
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-600" data-testid="review-summary">
        {Math.round(report.reviewRate * 100)}% of new demonstrations go to a reviewer. {decided.toLocaleString("en")}{" "}
        reviewed ({totals.accepted} accepted, {totals.edited} edited, {totals.rejected} rejected),{" "}
        {totals.pending.toLocaleString("en")} waiting. Acceptance: {percent(totals.acceptanceRate)}.
      </p>
      {report.labelers.length === 0 ? (
        <p className="text-sm text-slate-500" data-testid="no-reviews">
          No demonstration has been sampled for review yet.
        </p>
      ) : (
        <div className="px-5 py-5">
          <Table
            testId="review-labelers"
            columns={[
              { label: "Labeler" },
              { label: "Acceptance", align: "right" },
              { label: "Accepted", align: "right" },
              { label: "Edited", align: "right" },
              { label: "Rejected", align: "right" },
              { label: "Waiting", align: "right" },
            ]}
          >
            {report.labelers.map((l) => (
              <tr key={l.labelerId}>
                <td className="px-5 py-2">{l.email}</td>
                <td className="px-5 py-2 text-right tabular-nums" data-testid={`acceptance-${l.email}`}>
                  {percent(l.acceptanceRate)}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{l.accepted}</td>
                <td className="px-5 py-2 text-right tabular-nums">{l.edited}</td>
                <td className="px-5 py-2 text-right tabular-nums">{l.rejected}</td>
                <td className="px-5 py-2 text-right tabular-nums">{l.pending}</td>
              </tr>
            ))}
          </Table>
        </div>
      )}
      <p className="text-xs text-slate-500">
        Acceptance: accepted and edited over reviewed. An edit keeps the answer, improved by the reviewer.
      </p>
    </div>
  );
}
