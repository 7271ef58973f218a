import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { KIND_LABELS } from "@/lib/domain/project-kinds";
import { requirePageUser } from "@/lib/server/auth/session";
import { listProjectsOf } from "@/lib/server/projects/list-projects";

export const metadata: Metadata = { title: "My projects" };

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const { denied } = await searchParams;
  if (user.role === "admin") redirect("/admin");
  const projects = await listProjectsOf(user.id);
  return (
    <>
      {denied ? (
        <p
          role="status"
          data-testid="denied-notice"
          className="mb-6 rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-900 ring-1 ring-amber-200"
        >
          That page is for admins only. You have been brought back to your projects.
        </p>
      ) : null}
      <PageHeader
        title="My projects"
        description={`Signed in as ${user.name}. The projects you label for, with your progress.`}
      />
      {projects.length === 0 ? (
        <EmptyState title="You are not in any project yet" testId="no-projects">
          Ask your project admin to add you to a project. It will appear here.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="my-projects">
          {projects.map((project) => (
            <li key={project.id} className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm">
              <div className="flex items-start justify-between gap-2">
                <h2 className="font-semibold text-slate-900">{project.name}</h2>
                <Badge tone="indigo">{KIND_LABELS[project.kind]}</Badge>
              </div>
              <p className="mt-1 font-mono text-xs text-slate-500">{project.slug}</p>
              <dl className="mt-4 grid grid-cols-2 gap-2 text-sm">
                <div>
                  <dt className="text-slate-500">Items</dt>
                  <dd className="font-medium tabular-nums">{project.items}</dd>
                </div>
                <div>
                  <dt className="text-slate-500">My answers</dt>
                  <dd className="font-medium tabular-nums">{project.myAnnotations}</dd>
                </div>
              </dl>
              {project.status === "paused" ? <p className="mt-3 text-xs text-amber-700">Paused by the admin.</p> : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
