import { BarChart } from "@/components/charts/bar-chart";
import { PercentIntervalChart } from "@/components/charts/percent-interval-chart";
import { flagLabel } from "@/lib/domain/flags";
import type { JudgeAgreementReport } from "@/lib/server/judges/judge-agreement";

export const percent = (v: number | null | undefined) =>
  v === null || v === undefined ? "–" : `${Math.round(v * 100)}%`;

const interval = (ci: [number, number] | null) => (ci ? `${percent(ci[0])}–${percent(ci[1])}` : "–");

function Figure({ label, value, note, testId }: { label: string; value: string; note: string; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 p-4" data-testid={testId}>
      <p className="text-xs font-medium text-slate-500">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-slate-900 tabular-nums">{value}</p>
      <p className="mt-1 text-xs text-slate-500">{note}</p>
    </div>
  );
}

/** The four headline figures: agreement with its interval, kappa, swap consistency, length bias. */
export function JudgeHeadline({ report }: { report: JudgeAgreementReport }) {
  const { lengthBias: bias, swap } = report;
  return (
    <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
      <Figure
        testId="judge-agreement"
        label="Agreement with humans"
        value={percent(report.agreement)}
        note={`95% interval ${interval(report.ci95)}; ${report.comparisons.toLocaleString("en")} comparisons on ${report.items.toLocaleString("en")} items`}
      />
      <Figure
        testId="judge-kappa"
        label="Cohen's kappa vs the human majority"
        value={report.kappa === null ? "–" : report.kappa.toFixed(2)}
        note={`${report.kappaPairs.toLocaleString("en")} completion pairs with a majority`}
      />
      <Figure
        testId="judge-swap"
        label="Position-swap consistency"
        value={percent(report.swapConsistency)}
        note={`${swap.consistent.toLocaleString("en")} of ${swap.items.toLocaleString("en")} items the same in both orders; ${swap.unparsedItems.toLocaleString("en")} with an order unparsed or missing`}
      />
      <Figure
        testId="judge-length-bias"
        label="Prefers the longer reply"
        value={percent(bias.judgeLongerShare)}
        note={`humans ${percent(bias.humanLongerShare)} on the same ${bias.pairs.toLocaleString("en")} pairs`}
      />
    </div>
  );
}

type AnySlice = JudgeAgreementReport["slices"]["models"][number];

/** Every slice with a label, grouped as the report groups them. */
export function sliceRows(report: JudgeAgreementReport): { group: string; label: string; slice: AnySlice }[] {
  return [
    ...report.slices.models.map((slice) => ({ group: "Model pair", label: slice.key, slice })),
    ...report.slices.flags.map((slice) => ({
      group: "Flag",
      label: `${flagLabel(slice.flag)}: ${slice.flagged ? "flagged" : "not flagged"}`,
      slice,
    })),
    ...report.slices.promptLength.map((slice) => ({
      group: "Prompt length",
      label: `${slice.key} characters`,
      slice,
    })),
  ];
}

/** Agreement per slice with its interval (the overall figure dashed), and the length bias side by side. */
export function JudgeCharts({ report }: { report: JudgeAgreementReport }) {
  const rows = sliceRows(report).filter((r) => r.slice.agreement !== null && r.slice.ci95 !== null);
  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <figure>
        <figcaption className="mb-2 text-xs font-medium text-slate-600">
          Agreement per slice (%, 95% interval)
        </figcaption>
        <PercentIntervalChart
          title="Agreement per slice"
          testId="chart-slice-agreement"
          reference={report.agreement ?? undefined}
          rows={rows.map((r) => ({ label: r.label, value: r.slice.agreement!, interval: r.slice.ci95! }))}
        />
        <p className="mt-1 text-xs text-slate-500">Dashed: the judge&apos;s agreement over every item.</p>
      </figure>
      <figure>
        <figcaption className="mb-2 text-xs font-medium text-slate-600">
          Longer reply preferred (% of decided pairs of unequal length)
        </figcaption>
        <BarChart
          orientation="horizontal"
          title="Longer reply preferred"
          testId="chart-length-bias"
          bars={[
            { label: "Judge", value: Math.round((report.lengthBias.judgeLongerShare ?? 0) * 100) },
            { label: "Humans", value: Math.round((report.lengthBias.humanLongerShare ?? 0) * 100) },
          ]}
        />
        <p className="mt-1 text-xs text-slate-500">
          Judge {report.lengthBias.judgeLonger} of {report.lengthBias.judgeDecided}, humans{" "}
          {report.lengthBias.humanLonger} of {report.lengthBias.humanDecided}
          {report.lengthBias.difference === null
            ? "."
            : `: ${report.lengthBias.difference >= 0 ? "+" : "−"}${Math.abs(Math.round(report.lengthBias.difference * 100))} points.`}
        </p>
      </figure>
    </div>
  );
}
