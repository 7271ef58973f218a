import Link from "next/link";
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
import { SetupChecklist } from "@/components/admin/setup-checklist";
import { BarChart } from "@/components/charts/bar-chart";
import { PercentLineChart } from "@/components/charts/line-chart";
import { Card } from "@/components/ui/card";
import type { projectTabData } from "@/lib/server/projects/project-tab-data";
import { ACTIVITY_DAYS } from "@/lib/server/projects/project-summary";
import { ConversationSettingsForm } from "@/components/admin/conversation-settings-form";
import { ConversationTotalsCard } from "@/components/admin/conversation-totals";
import { ConversationsTab } from "./conversations-tab";
import { FeedbackSettingsForm } from "@/components/admin/feedback-settings-form";
import { FeedbackTab } from "./feedback-tab";
import { updateFeedbackSettingsAction } from "./feedback-actions";
import { JudgesTab } from "@/components/admin/judges-tab";
import { JudgeSuggestionsToggle } from "@/components/admin/judge-suggestions-toggle";
import { DraftNotice, PausedLabelersAlert, StandingsTable } from "@/components/admin/quality-standing";
import { QualitySettingsForm } from "@/components/admin/quality-settings-form";
import { ReviewCard } from "@/components/admin/review-card";
import { ReviewSettingsForm } from "@/components/admin/review-settings-form";
import { CostCard } from "@/components/admin/cost-card";
import { OverlapForecastCard } from "@/components/admin/overlap-forecast-card";
import { OverlapCostForm } from "@/components/admin/overlap-cost-form";
import { updateOverlapCostAction } from "./quality-actions";
import {
  addMemberAction,
  removeMemberAction,
  setMemberRoleAction,
  setProjectStatusAction,
  updateReviewSettingsAction,
  updateConversationSettingsAction,
  updateProjectAction,
} from "./actions";

type Data = NonNullable<Awaited<ReturnType<typeof projectTabData>>>;
type TabData<T extends Data["tab"]> = Extract<Data, { tab: T }>;

const linkClass = "text-sm text-indigo-700 hover:underline";

export function TabPanel({ data }: { data: Data }) {
  switch (data.tab) {
    case "overview":
      return <Overview data={data} />;
    case "conversations":
      return <ConversationsTab slug={data.project.slug} list={data.conversations} />;
    case "data":
      return <DataTab data={data} />;
    case "quality":
      return <Quality data={data} />;
    case "feedback":
      return <FeedbackTab slug={data.project.slug} data={data.feedback} />;
    case "judges":
      return <JudgesTab slug={data.project.slug} />;
    case "export":
      return <ExportTab data={data} />;
    case "settings":
      return <Settings data={data} />;
    case "members":
      return (
        <>
          <Members data={data} />
          <MemberStandings data={data} />
        </>
      );
  }
}

function Overview({ data }: { data: TabData<"overview"> }) {
  const { project, figures, steps, conversations } = data;
  const summary = figures.summary;
  const slots = summary ? Object.values(summary.health).reduce((sum, n) => sum + n, 0) : 0;
  return (
    <>
      {/* Issue 16 (qual): a draft project, and labelers paused by attention checks. */}
      {project.status === "draft" ? <DraftNotice /> : null}
      <PausedLabelersAlert slug={project.slug} paused={data.paused} />
      <SetupChecklist slug={project.slug} steps={steps} />
      {conversations ? <ConversationTotalsCard slug={project.slug} totals={conversations} /> : null}
      <Card
        title="Progress"
        action={
          <Link href={`/admin/projects/${project.slug}/items`} className={linkClass}>
            Browse items →
          </Link>
        }
      >
        <div className="space-y-3">
          <FiguresNote figures={figures} now={new Date()} />
          {summary ? (
            <>
              <p className="text-sm text-slate-600" data-testid="progress-summary">
                <span className="text-2xl font-semibold text-slate-900 tabular-nums">
                  {summary.items.total ? Math.round((100 * summary.items.done) / summary.items.total) : 0}%
                </span>{" "}
                of {summary.items.total.toLocaleString("en")} items fully answered (
                {summary.items.done.toLocaleString("en")}), overlap {project.overlap}.
              </p>
              {/* The bar counts answer slots, not items: each item needs `overlap` answers. */}
              <p className="text-xs text-slate-500" data-testid="slots-summary">
                Answer slots: {slots.toLocaleString("en")} ({project.overlap} per item), by state:
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
              <figcaption className="mb-2 text-xs font-medium text-slate-600">Answer slots that are done</figcaption>
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
    </>
  );
}

function DataTab({ data }: { data: TabData<"data"> }) {
  const { project } = data;
  return (
    <>
      <Card
        title="Import items"
        action={
          <Link href={`/admin/projects/${project.slug}/items`} className={linkClass}>
            Browse items →
          </Link>
        }
      >
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
    </>
  );
}

/** Issue 16 (docs/QUALITY.md): labels spent and the forecast, then time and cost. */
function QualityProgram({ data }: { data: TabData<"quality"> }) {
  const { project, program } = data;
  return (
    <>
      {program.overlap ? (
        <Card title="Labels and forecast">
          <OverlapForecastCard report={program.overlap} />
        </Card>
      ) : program.overlapSkipped ? (
        <Card title="Labels and forecast">
          <p className="text-sm text-slate-600">
            This project is too large to forecast on every view:{" "}
            <code className="rounded bg-slate-100 px-1">npm run -s cli -- project overlap --slug {project.slug}</code>.
          </p>
        </Card>
      ) : null}
      <Card title="Time and cost">
        {program.cost ? (
          <CostCard report={program.cost} kind={project.kind} />
        ) : (
          <p className="text-sm text-slate-600">
            This project is too large to sum on every view:{" "}
            <code className="rounded bg-slate-100 px-1">npm run -s cli -- project cost --slug {project.slug}</code>.
          </p>
        )}
      </Card>
    </>
  );
}

function Quality({ data }: { data: TabData<"quality"> }) {
  return (
    <>
      <QualityFigures data={data} />
      <QualityProgram data={data} />
    </>
  );
}

function QualityFigures({ data }: { data: TabData<"quality"> }) {
  const { project, figures } = data;
  const summary = figures.summary;
  if (project.kind === "demonstration")
    return (
      <>
        <Card title="Quality">
          <p className="text-sm text-slate-600">
            Demonstrations are written, not chosen, so there is no agreement or model leaderboard to show. Review
            answers from the{" "}
            <Link href={`/admin/projects/${project.slug}/items`} className={linkClass}>
              items list
            </Link>
            .
          </p>
        </Card>
        {data.reviews ? (
          <Card title="Peer review">
            <ReviewCard report={data.reviews} />
          </Card>
        ) : null}
      </>
    );
  return (
    <>
      <FiguresNote figures={figures} now={new Date()} />
      {summary?.agreement ? (
        <Card
          title="Agreement"
          action={
            <Link href={`/admin/projects/${project.slug}/agreement`} className={linkClass}>
              Distributions and biases →
            </Link>
          }
        >
          <AgreementCard report={summary.agreement} />
          {data.judges.length ? (
            <p className="mt-10 text-sm text-slate-600" data-testid="judge-agreement-links">
              AI judges against these labelers:{" "}
              {data.judges.map((name, i) => (
                <span key={name}>
                  {i ? ", " : ""}
                  <Link
                    href={`/admin/projects/${project.slug}/judges/${encodeURIComponent(name)}/agreement`}
                    className={linkClass}
                  >
                    {name}
                  </Link>
                </span>
              ))}
            </p>
          ) : null}
        </Card>
      ) : null}
      {summary?.leaderboard ? (
        <Card title="Models">
          <ModelsCard board={summary.leaderboard} />
        </Card>
      ) : null}
    </>
  );
}

function ExportTab({ data }: { data: TabData<"export"> }) {
  const { project, exports } = data;
  return (
    <Card title="Export a dataset">
      <ExportForm slug={project.slug} kind={project.kind} formats={data.formats} sourceCounts={data.sourceCounts} />
      <p className="mt-4 text-xs text-slate-500">
        Formats and the trainers that read them: docs/EXPORTS.md. The same from the CLI:{" "}
        <code className="rounded bg-slate-100 px-1">
          npm run -s cli -- export --project {project.slug} --format{" "}
          {project.kind === "demonstration" ? "sft" : "preference"} --out data.jsonl
        </code>
        .
      </p>
      <h3 className="mt-6 mb-2 text-sm font-semibold text-slate-700">Recent exports</h3>
      <ExportsTable slug={project.slug} exports={exports.map((e) => ({ ...e, by: e.createdBy?.email ?? null }))} />
    </Card>
  );
}

function Settings({ data }: { data: TabData<"settings"> }) {
  const { project, conversation, feedback } = data;
  return (
    <>
      {conversation ? (
        <Card title="Conversation">
          <ConversationSettingsForm
            slug={project.slug}
            settings={conversation.settings}
            endpoints={conversation.endpoints}
            reviewProjects={conversation.reviewProjects}
            action={updateConversationSettingsAction}
          />
        </Card>
      ) : null}
      <SettingsCard data={data} />
      <Card title="Labeler quality">
        <QualitySettingsForm slug={project.slug} initial={data.quality} />
      </Card>
      {project.kind === "demonstration" ? (
        <Card title="Peer review">
          <ReviewSettingsForm
            slug={project.slug}
            reviewRate={project.reviewRate}
            reviewers={data.members.filter((m) => m.projectRole === "reviewer").length}
            action={updateReviewSettingsAction}
          />
        </Card>
      ) : null}
      <Card title="Overlap and cost">
        <OverlapCostForm
          slug={project.slug}
          settings={data.overlapCost}
          adaptiveAllowed={project.kind === "comparison" || project.kind === "ranking"}
          action={updateOverlapCostAction}
        />
      </Card>
      <Card title="Production feedback">
        <FeedbackSettingsForm
          slug={project.slug}
          settings={feedback.settings}
          reviewProjects={feedback.reviewProjects}
          action={updateFeedbackSettingsAction}
        />
      </Card>
      {data.judgeSuggestions ? (
        <Card title="AI judges">
          <JudgeSuggestionsToggle slug={project.slug} initial={data.judgeSuggestions.showJudgeSuggestions} />
        </Card>
      ) : null}
    </>
  );
}

function SettingsCard({ data }: { data: TabData<"settings"> }) {
  const { project, guidelines } = data;
  return (
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
  );
}

function Members({ data }: { data: TabData<"members"> }) {
  const { project, members, candidates, figures } = data;
  return (
    <Card title={`Members (${members.length})`}>
      <div className="space-y-3">
        <FiguresNote figures={figures} now={new Date()} />
        <MembersCard
          slug={project.slug}
          members={members}
          candidates={candidates}
          addAction={addMemberAction}
          removeAction={removeMemberAction}
          roleAction={project.kind === "demonstration" ? setMemberRoleAction : undefined}
        />
      </div>
    </Card>
  );
}

/** Issue 16 (qual): each member's qualification and attention standing. */
function MemberStandings({ data }: { data: TabData<"members"> }) {
  if (!data.standings.length) return null;
  return (
    <Card title="Labeler standing">
      <StandingsTable rows={data.standings} qualification={data.qualificationRequired} />
    </Card>
  );
}
