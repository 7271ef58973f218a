import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JudgeCharts, JudgeHeadline } from "@/components/admin/judge-agreement-figures";
import { DisagreementsTable, SliceTable } from "@/components/admin/judge-agreement-tables";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { AppError } from "@/lib/server/errors";
import { judgeAgreementReport } from "@/lib/server/judges/judge-agreement";
import { pageSlugFrom } from "@/lib/server/route-params";
import { isJudgeName, pageNumberSchema } from "@/lib/validation/judge-agreement";

type Props = {
  params: Promise<{ slug: string; name: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const PAGE_SIZE = 20;

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug, name } = await params;
  return { title: `Judge agreement · ${name} · ${slug}` };
}

/** How one judge agrees with the project's human answers (docs/JUDGES.md, "Agreement with humans"). */
export default async function JudgeAgreementPage({ params, searchParams }: Props) {
  await requirePageAdmin();
  const slug = await pageSlugFrom(params);
  const { name } = await params;
  if (!isJudgeName(name)) notFound();
  const page = pageNumberSchema.parse((await searchParams).page);
  const report = await judgeAgreementReport({
    slug,
    judge: name,
    page: { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE },
  }).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const base = `/admin/projects/${slug}/judges/${encodeURIComponent(report.judge)}/agreement`;
  const header = (
    <>
      <Link href={`/admin/projects/${slug}`} className="text-sm text-indigo-700 hover:underline">
        ← {slug}
      </Link>
      <PageHeader
        title={`Judge agreement: ${report.judge}`}
        description="How often the judge's verdicts match the human answers on the same items."
      />
    </>
  );
  if (report.coverage.judged === 0) {
    return (
      <>
        {header}
        <EmptyState title="No judge verdicts yet" testId="no-verdicts">
          Run the judge first:{" "}
          <code>
            npm run -s cli -- judge run --project {slug} --judge {report.judge}
          </code>
        </EmptyState>
      </>
    );
  }
  const { disagreements } = report;
  const pages = Math.max(1, Math.ceil(disagreements.total / PAGE_SIZE));
  return (
    <>
      {header}
      <div className="space-y-6">
        <JudgeHeadline report={report} />
        <p className="text-sm text-slate-600">
          {report.coverage.judged.toLocaleString("en")} items judged; {report.coverage.unparsed.toLocaleString("en")}{" "}
          with no verdict that could be parsed (left out, never guessed);{" "}
          {report.coverage.withoutHumans.toLocaleString("en")} without a human answer yet.
        </p>
        {report.comparisons === 0 ? (
          <EmptyState title="No human answers to compare" testId="no-human-answers">
            Agreement appears once labelers have ranked items the judge answered.
          </EmptyState>
        ) : (
          <>
            <Card title="By slice">
              <div className="space-y-6">
                <JudgeCharts report={report} />
                <SliceTable report={report} />
              </div>
            </Card>
            <Card
              title={`Disagreements with the human majority (${disagreements.total.toLocaleString("en")})`}
              action={
                pages > 1 ? (
                  <nav aria-label="Disagreement pages" className="flex items-center gap-3 text-sm">
                    {page > 1 ? (
                      <Link href={`${base}?page=${page - 1}`} className="text-indigo-700 hover:underline">
                        ← Previous
                      </Link>
                    ) : null}
                    <span className="text-slate-500 tabular-nums">
                      Page {page} of {pages}
                    </span>
                    {page < pages ? (
                      <Link href={`${base}?page=${page + 1}`} className="text-indigo-700 hover:underline">
                        Next →
                      </Link>
                    ) : null}
                  </nav>
                ) : null
              }
            >
              {disagreements.total === 0 ? (
                <p className="text-sm text-slate-500">The judge agrees with every human majority.</p>
              ) : disagreements.rows.length === 0 ? (
                <p className="text-sm text-slate-500">
                  No disagreements on this page.{" "}
                  <Link href={base} className="text-indigo-700 hover:underline">
                    First page
                  </Link>
                </p>
              ) : (
                <DisagreementsTable slug={slug} rows={disagreements.rows} />
              )}
            </Card>
          </>
        )}
      </div>
    </>
  );
}
