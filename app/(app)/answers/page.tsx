import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { EDIT_LOCK_TEXT, type EditLock } from "@/lib/domain/answer-edit";
import { KIND_LABELS } from "@/lib/domain/project-kinds";
import { recentAnswersOf } from "@/lib/server/answers/own-answers";
import { requirePageUser } from "@/lib/server/auth/session";
import { isProjectSlug } from "@/lib/validation/projects";
import { ReviewFeedbackNote } from "@/components/review/review-feedback";

export const metadata: Metadata = { title: "My recent answers" };

const time = (d: Date) =>
  d.toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });

/** The labeler's newest answers: the ones still in their edit window link to edit mode. */
export default async function RecentAnswersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePageUser();
  const { project } = await searchParams;
  const slug = typeof project === "string" && isProjectSlug(project) ? project : null;
  const answers = await recentAnswersOf(user, { project: slug, limit: 50 });
  return (
    <>
      <PageHeader
        title="My recent answers"
        description="Your last 50 answers, newest first. You can change an answer for a while after submitting it."
      >
        <div className="flex gap-4 text-sm">
          {slug ? (
            <>
              <Link href={`/projects/${slug}/label`} className="text-indigo-700 hover:underline">
                Back to labeling
              </Link>
              <Link href="/answers" className="text-indigo-700 hover:underline">
                All projects
              </Link>
            </>
          ) : null}
          <Link href="/" className="text-indigo-700 hover:underline">
            My projects
          </Link>
        </div>
      </PageHeader>
      {answers.length === 0 ? (
        <EmptyState title="No answers yet" testId="no-answers">
          Answers you submit appear here, and you can change them for a while.
        </EmptyState>
      ) : (
        <ul
          className="divide-y divide-slate-100 rounded-xl border border-slate-200 bg-white"
          data-testid="recent-answers"
        >
          {answers.map((a) => (
            <li
              key={a.id}
              className="flex flex-wrap items-center justify-between gap-3 px-4 py-3"
              data-testid="recent-answer"
            >
              <div className="min-w-0 flex-1 basis-64">
                <p className="line-clamp-2 text-sm text-slate-900" title={a.prompt}>
                  {a.prompt || "(no prompt text)"}
                </p>
                <p className="mt-0.5 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                  <span>{a.project.name}</span>
                  <Badge tone="indigo">{KIND_LABELS[a.project.kind]}</Badge>
                  <span>submitted {time(a.createdAt)} UTC</span>
                  {a.revision > 1 ? <span data-testid="answer-changed">changed {a.revision - 1}×</span> : null}
                </p>
                {a.review ? <ReviewFeedbackNote review={a.review} /> : null}
              </div>
              {a.edit.editable ? (
                <Link
                  href={`/projects/${a.project.slug}/label?answer=${a.id}`}
                  className="inline-flex min-h-11 items-center rounded-md border border-indigo-300 bg-white px-4 text-sm font-semibold text-indigo-700 hover:bg-indigo-50"
                >
                  Edit{" "}
                  <span className="ml-1 font-normal text-slate-600">until {time(new Date(a.edit.editableUntil!))}</span>
                </Link>
              ) : (
                <span data-testid="answer-locked" title={EDIT_LOCK_TEXT[a.edit.lock as EditLock]}>
                  <Badge tone="slate">{EDIT_LOCK_TEXT[a.edit.lock as EditLock] ?? "Locked"}</Badge>
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
