import type { Metadata } from "next";
import Link from "next/link";
import { AgreementCard } from "@/components/admin/agreement-card";
import { FiguresNote } from "@/components/admin/figures-note";
import { BarChart } from "@/components/charts/bar-chart";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { pageSlugFrom } from "@/lib/server/route-params";
import { requirePageProject } from "@/lib/server/projects/page-project";
import { pageAgreement } from "@/lib/server/projects/project-summary";
import { flagLabel } from "@/lib/domain/flags";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Agreement · ${(await params).slug}` };
}

const pct = (v: number) => Math.round(v * 100);

/** A project's agreement report with its distributions: the place to judge a dataset before exporting it. */
export default async function AgreementPage({ params }: { params: Promise<{ slug: string }> }) {
  await requirePageAdmin();
  const slug = await pageSlugFrom(params);
  const project = await requirePageProject(slug);
  const back = (
    <Link href={`/admin/projects/${slug}`} className="text-sm text-indigo-700 hover:underline">
      ← {project.name}
    </Link>
  );
  if (project.kind === "demonstration") {
    return (
      <>
        {back}
        <PageHeader title="Agreement" description={project.name} />
        <EmptyState title="Demonstrations have no agreement report">
          Agreement is measured on comparisons and rankings, where labelers judge the same completions.
        </EmptyState>
      </>
    );
  }
  const shown = await pageAgreement(project);
  const note = <FiguresNote figures={shown} now={new Date()} />;
  const report = shown.report;
  if (!report) {
    return (
      <>
        {back}
        <PageHeader title="Agreement" description={project.name} />
        {note}
      </>
    );
  }
  const judged = report.labelers.filter((l) => l.firstShownWins !== null);
  const figure = (caption: string, chart: React.ReactNode, note?: string) => (
    <figure>
      <figcaption className="mb-2 text-xs font-medium text-slate-600">{caption}</figcaption>
      {chart}
      {note ? <p className="mt-1 text-xs text-slate-500">{note}</p> : null}
    </figure>
  );
  const none = <p className="text-sm text-slate-500">Nothing to show yet.</p>;
  return (
    <>
      {back}
      <PageHeader
        title="Agreement"
        description={`${project.name}: ${report.annotations.toLocaleString("en")} answers on ${report.itemsWithAnswers.toLocaleString("en")} items`}
      />
      <div className="space-y-6">
        {note}
        <Card title="Overall and per labeler">
          <AgreementCard report={report} />
        </Card>
        <Card title="Distributions">
          <div className="grid gap-8 lg:grid-cols-2">
            {figure(
              "Items by pairwise agreement",
              report.itemAgreementBins.some(Boolean) ? (
                <BarChart
                  title="Items by agreement"
                  testId="chart-item-agreement"
                  bars={report.itemAgreementBins.map((n, i) => ({
                    label: `${i * 10}–${i === 9 ? 100 : i * 10 + 10}%`,
                    value: n,
                  }))}
                />
              ) : (
                none
              ),
              "Items answered by two or more labelers; left: labelers disagree, right: they agree.",
            )}
            {figure(
              "Likert scores given",
              report.likertCounts.some(Boolean) ? (
                <BarChart
                  orientation="horizontal"
                  title="Likert scores"
                  testId="chart-likert"
                  bars={report.likertCounts.map((n, i) => ({ label: `${i + 1}`, value: n }))}
                />
              ) : (
                none
              ),
              "1 worst, 7 best.",
            )}
            {figure(
              "Flags (% of judged completions)",
              Object.keys(report.flagRates).length ? (
                <BarChart
                  orientation="horizontal"
                  title="Flag rates"
                  testId="chart-flags"
                  bars={Object.entries(report.flagRates).map(([flag, rate]) => ({
                    label: flagLabel(flag),
                    value: Math.round(rate * 1000) / 10,
                  }))}
                />
              ) : (
                none
              ),
            )}
            {figure(
              "Position bias: first-shown completion wins (%)",
              judged.length ? (
                <BarChart
                  orientation="horizontal"
                  title="First shown wins"
                  testId="chart-position-bias"
                  bars={judged.map((l) => ({ label: l.email, value: pct(l.firstShownWins!) }))}
                />
              ) : (
                none
              ),
              judged.length
                ? `Without bias about ${pct(judged.reduce((s, l) => s + l.firstShownExpected!, 0) / judged.length)}% (one in K).`
                : undefined,
            )}
          </div>
        </Card>
      </div>
    </>
  );
}
