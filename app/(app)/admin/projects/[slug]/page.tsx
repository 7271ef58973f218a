import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AgreementCard } from "@/components/admin/agreement-card";
import { ExportForm } from "@/components/admin/export-form";
import { ExportsTable } from "@/components/admin/exports-table";
import { FiguresNote } from "@/components/admin/figures-note";
import { GenerationCard } from "@/components/admin/generation-card";
import { ImportForm } from "@/components/admin/import-form";
import { MembersCard } from "@/components/admin/members-card";
import { ModelsCard } from "@/components/admin/models-card";
import { ProjectSettingsForm } from "@/components/admin/project-settings-form";
import { QueueHealthBar } from "@/components/admin/queue-health";
import { BarChart } from "@/components/charts/bar-chart";
import { PercentLineChart } from "@/components/charts/line-chart";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { KIND_DESCRIPTIONS, KIND_LABELS } from "@/lib/domain/project-kinds";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { pageSlugFrom } from "@/lib/server/route-params";
import { projectPageData } from "@/lib/server/projects/project-page-data";
import { ACTIVITY_DAYS } from "@/lib/server/projects/project-summary";
import { addMemberAction, removeMemberAction, setProjectStatusAction, updateProjectAction } from "./actions";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ProjectPage({ params }: { params: Promise<{ slug: string }> }) {
  await requirePageAdmin();
  const slug = await pageSlugFrom(params);
  const data = await projectPageData(slug);
  if (!data) notFound();
  const { project, members, guidelines, candidates, figures, exports } = data;
  const summary = figures.summary;
  const now = new Date();
  return (
    <>
      <Link href="/admin/projects" className="text-sm text-indigo-700 hover:underline">
        ← Projects
      </Link>
      <PageHeader title={project.name} description={KIND_DESCRIPTIONS[project.kind]}>
        <div className="flex items-center gap-2">
          <Badge tone="indigo">{KIND_LABELS[project.kind]}</Badge>
          <Badge tone={project.status === "active" ? "green" : "amber"}>{project.status}</Badge>
          <span className="font-mono text-xs text-slate-500">{project.slug}</span>
        </div>
      </PageHeader>
      <div className="space-y-6">
        <Card
          title="Progress"
          action={
            <Link href={`/admin/projects/${project.slug}/items`} className="text-sm text-indigo-700 hover:underline">
              Browse items →
            </Link>
          }
        >
          <div className="space-y-3">
            <FiguresNote figures={figures} now={now} />
            {summary ? (
              <>
                <p className="text-sm text-slate-600" data-testid="progress-summary">
                  <span className="text-2xl font-semibold text-slate-900 tabular-nums">
                    {summary.items.total ? Math.round((100 * summary.items.done) / summary.items.total) : 0}%
                  </span>{" "}
                  of {summary.items.total.toLocaleString("en")} items fully answered (
                  {summary.items.done.toLocaleString("en")}), overlap {project.overlap}.
                </p>
                <QueueHealthBar health={summary.health} />
              </>
            ) : null}
          </div>
        </Card>
        {summary ? (
          <Card title={`Activity (last ${ACTIVITY_DAYS} days)`}>
            <div className="grid gap-6 lg:grid-cols-3">
              <figure>
                <figcaption className="mb-2 text-xs font-medium text-slate-600">
                  Answers needed that are done
                </figcaption>
                <PercentLineChart
                  points={summary.activity.completion}
                  title="Completion over time"
                  testId="chart-completion"
                />
              </figure>
              <figure>
                <figcaption className="mb-2 text-xs font-medium text-slate-600">Answers per day</figcaption>
                <BarChart bars={summary.activity.perDay} title="Answers per day" testId="chart-per-day" />
              </figure>
              <figure>
                <figcaption className="mb-2 text-xs font-medium text-slate-600">Answers per labeler</figcaption>
                {summary.activity.perLabeler.length ? (
                  <BarChart
                    bars={summary.activity.perLabeler}
                    orientation="horizontal"
                    title="Answers per labeler"
                    testId="chart-per-labeler"
                  />
                ) : (
                  <p className="text-sm text-slate-500">No answers yet.</p>
                )}
              </figure>
            </div>
          </Card>
        ) : null}
        {summary?.agreement ? (
          <Card
            title="Agreement"
            action={
              <Link
                href={`/admin/projects/${project.slug}/agreement`}
                className="text-sm text-indigo-700 hover:underline"
              >
                Distributions and biases →
              </Link>
            }
          >
            <AgreementCard report={summary.agreement} />
          </Card>
        ) : null}
        {summary?.leaderboard ? (
          <Card title="Models">
            <ModelsCard board={summary.leaderboard} />
          </Card>
        ) : null}
        <Card title="Export a dataset">
          <ExportForm slug={project.slug} kind={project.kind} />
          <p className="mt-4 text-xs text-slate-500">
            Formats and the trainers that read them: docs/EXPORTS.md. The same from the CLI:{" "}
            <code className="rounded bg-slate-100 px-1">
              npm run -s cli -- export --project {project.slug} --format{" "}
              {project.kind === "demonstration" ? "sft" : "preference"} --out data.jsonl
            </code>
            .
          </p>
          <h3 className="mt-6 mb-2 text-sm font-semibold text-slate-700">Recent exports</h3>
          <ExportsTable exports={exports.map((e) => ({ ...e, by: e.createdBy?.email ?? null }))} />
        </Card>
        <Card title="Import items">
          <ImportForm slug={project.slug} />
          <p className="mt-4 text-xs text-slate-500">
            One JSON object per line. Large files and Self-Instruct prediction joins: use the CLI,{" "}
            <code className="rounded bg-slate-100 px-1">
              npm run -s cli -- import --project {project.slug} --file items.jsonl
            </code>
            .
          </p>
        </Card>
        <Card title="Generate completions">
          <GenerationCard slug={project.slug} />
        </Card>
        <Card title="Settings">
          <ProjectSettingsForm
            action={updateProjectAction}
            statusAction={setProjectStatusAction}
            settings={{
              slug: project.slug,
              kind: project.kind,
              status: project.status,
              name: project.name,
              overlap: project.overlap,
              leaseMinutes: Math.round(project.leaseSeconds / 60),
              minCompletions: project.minCompletions,
              maxCompletions: project.maxCompletions,
              likertEnabled: project.likertEnabled,
              flags: project.flags,
              minDemoLength: project.minDemoLength,
              editWindowMinutes: Math.round(project.editWindowSeconds / 60),
              guidelines: guidelines ?? "",
              guidelineVersion: project.guidelineVersion,
            }}
          />
        </Card>
        <Card title={`Members (${members.length})`}>
          <MembersCard
            slug={project.slug}
            members={members}
            candidates={candidates}
            addAction={addMemberAction}
            removeAction={removeMemberAction}
          />
        </Card>
      </div>
    </>
  );
}
