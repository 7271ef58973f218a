import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { KIND_LABELS } from "@/lib/domain/project-kinds";
import { requirePageUser } from "@/lib/server/auth/session";
import { REMAINING_CAP, labelerProgress } from "@/lib/server/projects/labeler-progress";
import { listProjectsOf } from "@/lib/server/projects/list-projects";
import { projectsReviewedBy } from "@/lib/server/reviews/review-report";

export const metadata: Metadata = { title: "My projects" };

/** Why a project's real tasks wait (docs/QUALITY.md); the labeling page says more. */
const GATE_LINES: Record<string, string> = {
  qualification: "Qualification first: the tasks left are its questions.",
  qualification_pending: "Qualification answered: your result waits for an admin's grade.",
  not_qualified: "You did not pass this project's qualification.",
  labeler_paused: "You are paused here after missed attention checks.",
  draft: "This project has not started yet.",
};

const formatCount = (n: number) =>
  n >= REMAINING_CAP ? `${REMAINING_CAP.toLocaleString("en")}+` : n.toLocaleString("en");

export default async function HomePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const { denied } = await searchParams;
  if (user.role === "admin") redirect("/admin");
  const projects = await listProjectsOf(user.id);
  const progress = await labelerProgress(
    user.id,
    projects.map((p) => p.id),
  );
  // Peer review (docs/GUIDE.md, "Reviewing demonstrations"): the projects this labeler reviews.
  const reviewing = new Set((await projectsReviewedBy(user)).map((p) => p.slug));
  const today = [...progress.values()].reduce((sum, p) => sum + p.doneToday, 0);
  const total = [...progress.values()].reduce((sum, p) => sum + p.doneTotal, 0);
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
      <PageHeader title="My projects" description={`Signed in as ${user.name}. Pick a project and start labeling.`}>
        <div className="flex flex-wrap items-end gap-6">
          <Link href="/answers" className="text-sm text-indigo-700 hover:underline">
            My recent answers
          </Link>
          <dl className="flex gap-6 text-sm" data-testid="my-totals">
            <div>
              <dt className="text-slate-500">Today</dt>
              <dd className="text-xl font-semibold tabular-nums">{today.toLocaleString("en")}</dd>
            </div>
            <div>
              <dt className="text-slate-500">All time</dt>
              <dd className="text-xl font-semibold tabular-nums">{total.toLocaleString("en")}</dd>
            </div>
          </dl>
        </div>
      </PageHeader>
      {projects.length === 0 ? (
        <EmptyState title="You are not in any project yet" testId="no-projects">
          Ask your project admin to add you to a project. It will appear here.
        </EmptyState>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="my-projects">
          {projects.map((project) => {
            const mine = progress.get(project.id)!;
            const paused = project.status === "paused";
            return (
              <li
                key={project.id}
                className="flex flex-col rounded-xl border border-slate-200 bg-white p-5 shadow-sm"
                data-testid={`project-card-${project.slug}`}
              >
                <div className="flex items-start justify-between gap-2">
                  <h2 className="font-semibold text-slate-900">{project.name}</h2>
                  <Badge tone="indigo">{KIND_LABELS[project.kind]}</Badge>
                </div>
                <p className="mt-1 font-mono text-xs text-slate-500">{project.slug}</p>
                <dl className="mt-4 grid grid-cols-3 gap-2 text-sm">
                  <div>
                    <dt className="text-slate-500">Left for you</dt>
                    <dd className="font-medium tabular-nums" data-testid="remaining">
                      {formatCount(mine.remaining)}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">Today</dt>
                    <dd className="font-medium tabular-nums">{mine.doneToday}</dd>
                  </div>
                  <div>
                    <dt className="text-slate-500">Total</dt>
                    <dd className="font-medium tabular-nums">{mine.doneTotal}</dd>
                  </div>
                </dl>
                {GATE_LINES[mine.gate ?? ""] && !paused ? (
                  <p className="mt-3 text-sm text-slate-600" data-testid="gate">
                    {/* Only demonstrations wait for a grade; other answers are decided by the last submit or skip. */}
                    {mine.gate === "qualification_pending" && project.kind !== "demonstration"
                      ? "Qualification answered: open the project to see your result."
                      : GATE_LINES[mine.gate!]}
                  </p>
                ) : null}
                <div className="mt-5 flex items-center gap-3">
                  {paused ? (
                    <p className="text-sm text-amber-700">Paused by the admin.</p>
                  ) : mine.gate && mine.gate !== "qualification" ? (
                    <Link
                      href={`/projects/${project.slug}/label`}
                      className="inline-flex items-center rounded-md border border-slate-300 px-4 py-2 text-sm font-semibold text-slate-700 hover:bg-slate-50"
                    >
                      Details
                    </Link>
                  ) : mine.remaining === 0 ? (
                    <p className="text-sm text-emerald-700">All done here. Thank you!</p>
                  ) : (
                    <Link
                      href={`/projects/${project.slug}/label`}
                      className="inline-flex items-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500"
                    >
                      Start labeling
                    </Link>
                  )}
                  {reviewing.has(project.slug) ? (
                    <Link
                      href={`/projects/${project.slug}/review`}
                      className="inline-flex items-center rounded-md border border-indigo-300 bg-white px-4 py-2 text-sm font-semibold text-indigo-700 hover:bg-indigo-50"
                    >
                      Review
                    </Link>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
