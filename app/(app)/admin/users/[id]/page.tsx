import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ApiTokensCard } from "@/components/admin/api-tokens-card";
import { ResetPasswordForm } from "@/components/admin/reset-password-form";
import { SignInLockCard } from "@/components/admin/sign-in-lock-card";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table } from "@/components/ui/table";
import { readAccountLock } from "@/lib/server/auth/account-lock";
import { requirePageAdmin } from "@/lib/server/auth/session";
import { listApiTokens } from "@/lib/server/auth/api-tokens";
import { pageUuid } from "@/lib/server/route-params";
import { labelerStats } from "@/lib/server/users/labeler-stats";
import { labelerQualifications } from "@/lib/server/quality/qualification";
import { QualificationResults } from "@/components/admin/qualification-results";
import { labelerReviewOutcomes } from "@/lib/server/reviews/review-report";
import { resetPasswordAction, revokeTokenAction, unlockSignInAction } from "../actions";

export const metadata: Metadata = { title: "Labeler" };

const percent = (value: number | null) => (value === null ? "–" : `${Math.round(value * 100)}%`);

export default async function LabelerPage({ params }: { params: Promise<{ id: string }> }) {
  const admin = await requirePageAdmin();
  const id = pageUuid((await params).id);
  const stats = await labelerStats(id);
  if (!stats) notFound();
  const tokens = (await listApiTokens({ id })).map((t) => ({
    ...t,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    expiresAt: t.expiresAt?.toISOString() ?? null,
    revokedAt: t.revokedAt?.toISOString() ?? null,
  }));
  const renderedAt = new Date().getTime();
  const { user, totals, perProject } = stats;
  // Peer review (docs/QUALITY.md): the share of this labeler's reviewed demonstrations kept.
  const reviews = await labelerReviewOutcomes(id);
  const lock = await readAccountLock(user.email);
  const qualifications = await labelerQualifications(user.id);
  const tiles = [
    { label: "Answers", value: totals.annotations.toLocaleString("en") },
    { label: "Today", value: totals.today.toLocaleString("en") },
    { label: "Per day (last 7)", value: String(totals.perDayLast7) },
    { label: "Median time per task", value: totals.medianSeconds === null ? "–" : `${totals.medianSeconds} s` },
    { label: "Skip rate", value: percent(totals.skipRate) },
    {
      label: "Gold accuracy",
      value: totals.gold.answered
        ? `${percent(totals.gold.accuracy)} (${totals.gold.correct}/${totals.gold.answered})`
        : "no gold yet",
    },
  ];
  return (
    <>
      <Link href="/admin/users" className="text-sm text-indigo-700 hover:underline">
        ← People
      </Link>
      <PageHeader title={user.name} description={user.email}>
        <div className="flex gap-2">
          <Badge tone={user.role === "admin" ? "indigo" : "slate"}>{user.role}</Badge>
          {user.active ? <Badge tone="green">active</Badge> : <Badge tone="red">deactivated</Badge>}
        </div>
      </PageHeader>
      <dl className="mb-6 grid grid-cols-2 gap-4 md:grid-cols-3 lg:grid-cols-6" data-testid="labeler-stats">
        {tiles.map((t) => (
          <div key={t.label} className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
            <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{t.label}</dt>
            <dd className="mt-1 text-lg font-semibold tabular-nums">{t.value}</dd>
          </div>
        ))}
      </dl>
      <div className="mb-6">
        <Card title="Sign-in">
          <SignInLockCard userId={user.id} email={user.email} lock={lock} action={unlockSignInAction} />
        </Card>
      </div>
      <Card title="By project">
        {perProject.length === 0 ? (
          <EmptyState title="Not a member of any project" />
        ) : (
          <Table
            columns={[
              { label: "Project" },
              { label: "Answers", align: "right" },
              { label: "Today", align: "right" },
              { label: "Median s", align: "right" },
              { label: "Skipped", align: "right" },
              { label: "Agreement with others", align: "right" },
              { label: "Accepted in review", align: "right" },
              { label: "Gold", align: "right" },
              { label: "First shown wins", align: "right" },
              { label: "Longer preferred", align: "right" },
            ]}
          >
            {perProject.map((p) => (
              <tr key={p.slug}>
                <td className="px-5 py-2">
                  <Link href={`/admin/projects/${p.slug}`} className="text-indigo-700 hover:underline">
                    {p.name}
                  </Link>
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{p.annotations}</td>
                <td className="px-5 py-2 text-right tabular-nums">{p.today}</td>
                <td className="px-5 py-2 text-right tabular-nums">
                  {p.medianMs === null ? "–" : Math.round(p.medianMs / 100) / 10}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{p.skips}</td>
                <td className="px-5 py-2 text-right tabular-nums" data-testid={`agreement-${p.slug}`}>
                  {percent(p.agreementWithOthers)}
                </td>
                <td
                  className="px-5 py-2 text-right tabular-nums"
                  data-testid={`acceptance-${p.slug}`}
                  title={
                    reviews.get(p.id)
                      ? `${reviews.get(p.id)!.accepted} accepted, ${reviews.get(p.id)!.edited} edited, ${reviews.get(p.id)!.rejected} rejected`
                      : undefined
                  }
                >
                  {percent(reviews.get(p.id)?.acceptanceRate ?? null)}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">
                  {p.gold.answered
                    ? `${percent(p.gold.correct / p.gold.answered)} (${p.gold.correct}/${p.gold.answered})`
                    : "–"}
                </td>
                <td
                  className="px-5 py-2 text-right tabular-nums"
                  title={
                    p.firstShownExpected === null ? undefined : `${percent(p.firstShownExpected)} expected without bias`
                  }
                >
                  {percent(p.firstShownWins)}
                  {p.firstShownExpected !== null && (
                    <span className="text-xs text-slate-500"> / {percent(p.firstShownExpected)}</span>
                  )}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{percent(p.longerPreferred)}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      {perProject.some((p) => p.staleItems > 0) ? (
        <p className="mt-3 text-xs text-amber-700" data-testid="stale-stats">
          {perProject
            .filter((p) => p.staleItems > 0)
            .map((p) => `${p.name}: ${p.staleItems.toLocaleString("en")} items' stats are being refreshed`)
            .join("; ")}
          . Until then the figures above leave their newest answers out.
        </p>
      ) : null}
      <p className="mt-3 text-xs text-slate-500">
        Agreement with others: the share of completion pairs on which this labeler agrees with the consensus of the
        other labelers of the same items. First shown wins: how often the completion shown first won, beside what chance
        alone would give. Longer preferred: 50% means no length bias.
      </p>
      <div className="mt-6 space-y-6">
        {/* Issue 16 (qual): qualification results, each answer against gold, and overrides. */}
        <QualificationResults userId={user.id} projects={qualifications} />
        <Card title={`API tokens (${tokens.length})`}>
          <ApiTokensCard tokens={tokens} userId={user.id} now={renderedAt} revokeAction={revokeTokenAction} />
        </Card>
        {user.id === admin.id ? null : (
          <Card title="Reset password">
            <ResetPasswordForm action={resetPasswordAction} userId={user.id} email={user.email} />
          </Card>
        )}
      </div>
    </>
  );
}
