import type { Metadata } from "next";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { adminOverview } from "@/lib/server/overview";

export const metadata: Metadata = { title: "Overview" };

function describe(after: unknown): string {
  if (!after || typeof after !== "object") return "";
  const record = after as Record<string, unknown>;
  return [record.email, record.slug, record.prefix].filter((v) => typeof v === "string").join(" · ");
}

export default async function AdminOverviewPage() {
  await requirePageAdmin();
  const overview = await adminOverview();
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
