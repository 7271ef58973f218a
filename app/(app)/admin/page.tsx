import type { Metadata } from "next";
import Link from "next/link";
import { Sparkline } from "@/components/charts/sparkline";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ProgressBar } from "@/components/ui/progress-bar";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { adminOverview } from "@/lib/server/overview";
import { overviewProjects, SPARK_DAYS } from "@/lib/server/projects/project-progress";

export const metadata: Metadata = { title: "Overview" };

function describe(after: unknown): string {
  if (!after || typeof after !== "object") return "";
  const record = after as Record<string, unknown>;
  return [record.email, record.slug, record.prefix].filter((v) => typeof v === "string").join(" · ");
}

export default async function AdminOverviewPage() {
  await requirePageAdmin();
  const [overview, progress] = await Promise.all([adminOverview(), overviewProjects()]);
  const n = (value: number) => value.toLocaleString("en");
  const stats = [
    { label: "Active labelers", value: overview.labelers, href: "/admin/users" },
    { label: "Admins", value: overview.admins, href: "/admin/users" },
    { label: "Projects", value: overview.projects, href: "/admin/projects" },
    { label: "Items", value: overview.items, href: "/admin/projects" },
    { label: "Annotations", value: overview.annotations, href: "/admin/projects" },
  ];
  return (
    <>
      <PageHeader title="Overview" description="Everything in this workspace at a glance." />
      <div className="mb-8 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
        {stats.map((stat) => (
          <Link
            key={stat.label}
            href={stat.href}
            className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300"
          >
            <dl>
              <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{stat.label}</dt>
              <dd className="mt-1 text-2xl font-semibold tabular-nums">{stat.value.toLocaleString("en")}</dd>
            </dl>
          </Link>
        ))}
      </div>
      <div className="mb-8">
        <Card title="Projects">
          {progress.rows.length === 0 ? (
            <EmptyState title="No projects yet">
              <Link href="/admin/projects" className="text-indigo-700 underline">
                Create one
              </Link>{" "}
              to see its progress here.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="project-progress">
              {progress.rows.map((p) => {
                const percent = p.slots && p.slots.total ? Math.round((100 * p.slots.done) / p.slots.total) : 0;
                return (
                  <li
                    key={p.slug}
                    className="grid gap-x-6 gap-y-2 py-3 text-sm sm:grid-cols-[minmax(0,14rem)_1fr_auto_auto] sm:items-center"
                    data-testid={`progress-${p.slug}`}
                  >
                    <div className="min-w-0">
                      <Link href={`/admin/projects/${p.slug}`} className="font-medium text-indigo-700 hover:underline">
                        {p.name}
                      </Link>
                      <div className="flex gap-1 text-xs text-slate-500">
                        <span>{p.kind}</span>
                        {p.status === "paused" ? <Badge tone="amber">paused</Badge> : null}
                      </div>
                    </div>
                    {p.slots && p.items ? (
                      <div className="min-w-0">
                        <div className="flex items-center gap-2">
                          <ProgressBar label={`${p.name}: answers collected`} percent={percent} />
                          <span className="w-10 text-right text-xs tabular-nums text-slate-600">{percent}%</span>
                        </div>
                        <p className="mt-1 text-xs text-slate-500" data-testid="progress-figures">
                          {n(p.slots.done)} of {n(p.slots.total)} answer slots · {n(p.items.done)} of {n(p.items.total)}{" "}
                          items done
                        </p>
                      </div>
                    ) : (
                      <p className="text-xs text-slate-500">Figures are being computed.</p>
                    )}
                    {/* One line on a phone; two grid cells from sm up. */}
                    <div className="flex items-center justify-between gap-4 sm:contents">
                      <dl className="flex gap-4 text-xs text-slate-500" data-testid="progress-activity">
                        <div>
                          <dt>Today</dt>
                          <dd className="text-base font-semibold tabular-nums text-slate-900">
                            {p.today === null ? "–" : n(p.today)}
                          </dd>
                        </div>
                        <div>
                          <dt>7 days</dt>
                          <dd className="text-base font-semibold tabular-nums text-slate-900">
                            {p.last7 === null ? "–" : n(p.last7)}
                          </dd>
                        </div>
                      </dl>
                      <div className="text-xs text-slate-500">
                        <Sparkline values={p.perDay} label={`Answers per day, last ${SPARK_DAYS} days`} />
                        {p.asOf ? (
                          <p title="A large project's figures are refreshed in the background">
                            as of {p.asOf.toISOString().slice(11, 16)} UTC
                          </p>
                        ) : null}
                      </div>
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
          {progress.total > progress.rows.length ? (
            <p className="mt-3 text-xs text-slate-500">
              The {progress.rows.length} most recently answered of {progress.total} projects.{" "}
              <Link href="/admin/projects" className="text-indigo-700 underline">
                All projects
              </Link>
            </p>
          ) : null}
        </Card>
      </div>
      <Card title="Recent admin activity">
        {overview.recent.length === 0 ? (
          <EmptyState title="Nothing has happened yet">Creating people and projects shows up here.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="recent-activity">
            {overview.recent.map((event) => (
              <li key={event.id} className="flex flex-wrap items-baseline justify-between gap-2 py-2">
                <span>
                  <span className="font-mono text-xs text-indigo-700">{event.action}</span>{" "}
                  <span className="text-slate-700">{describe(event.after)}</span>
                </span>
                <span className="text-xs text-slate-500">
                  {event.actor} · {event.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
