import Link from "next/link";
import { PageNav } from "@/components/ui/page-nav";
import { StackedBarChart } from "@/components/charts/stacked-bar-chart";
import { BarChart } from "@/components/charts/bar-chart";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table } from "@/components/ui/table";
import { FEEDBACK_DAYS, type FeedbackPageData } from "@/lib/server/feedback/feedback-page";

const linkClass = "text-indigo-700 hover:underline";
const n = (v: number) => v.toLocaleString("en");
const pct = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)}%` : "–");
const WHEN_TEXT: Record<string, string> = {
  down: "thumbs down",
  up: "thumbs up",
  low_score: "score 1-2",
  high_score: "score 4-5",
  edit: "edited",
  regenerate: "regenerated",
  any: "any event",
};

function ratingText(rating: "up" | "down" | number | null) {
  if (rating === "up") return "Thumbs up";
  if (rating === "down") return "Thumbs down";
  return rating === null ? "–" : `${rating}/5`;
}

/** The Feedback tab: what a deployed assistant's users said and what became of it. */
export function FeedbackTab({ slug, data }: { slug: string; data: FeedbackPageData }) {
  const { totals, perDay, perModel, scores, scrub, rules, recent, page, pages } = data;
  const pageHref = (p: number) => `/admin/projects/${slug}?tab=feedback${p > 1 ? `&page=${p}` : ""}`;
  if (totals.events === 0)
    return (
      <>
        <Card title="Production feedback">
          <EmptyState title="No feedback yet" testId="feedback-empty">
            <p>
              Send your users&apos; thumbs, scores, edits and regenerations with an API token that has the ingest scope:
            </p>
            <pre className="mx-auto mt-3 max-w-2xl overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">
              {`curl -X POST "$BASE/api/projects/${slug}/feedback" \\
  -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
  -d '{"events": [{"id": "evt-1", "conversation": [{"role": "user", "content": "Hi"}],
        "response": "Hello!", "rating": "up", "occurredAt": "2026-12-02T10:00:00Z"}]}'`}
            </pre>
            <p className="mt-3">
              The fields, backfills from a file and routing rules: docs/FEEDBACK.md. Routing and scrubbing are set on
              the{" "}
              <Link href={`/admin/projects/${slug}?tab=settings`} className={linkClass}>
                Settings
              </Link>{" "}
              tab.
            </p>
          </EmptyState>
        </Card>
        <RoutingCard slug={slug} rules={rules} />
      </>
    );
  return (
    <>
      <Card title="Production feedback">
        <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-4" data-testid="feedback-totals">
          {(
            [
              ["Events", totals.events],
              ["Thumbs up", totals.up],
              ["Thumbs down", totals.down],
              ["Scored 1-5", totals.scored],
              ["Edited", totals.edits],
              ["Regenerated", totals.regenerates],
              ["Sent to review", totals.routed],
            ] as const
          ).map(([label, value]) => (
            <div key={label}>
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="text-xl font-semibold text-slate-900 tabular-nums">{n(value)}</dd>
            </div>
          ))}
        </dl>
      </Card>
      <Card title={`Volume (last ${FEEDBACK_DAYS} days, UTC)`}>
        <StackedBarChart
          title="Feedback events per day"
          testId="chart-feedback-per-day"
          bars={perDay.map((d) => ({ label: d.day.slice(5), values: [d.up, d.down, d.scored] }))}
          series={[
            { name: "up", className: "fill-emerald-500", swatch: "bg-emerald-500" },
            { name: "down", className: "fill-rose-500", swatch: "bg-rose-500" },
            { name: "scored", className: "fill-indigo-400", swatch: "bg-indigo-400" },
          ]}
        />
      </Card>
      {/* min-w-0: a wide table scrolls inside its card instead of widening the page on a phone. */}
      <div className="grid gap-6 2xl:grid-cols-2 [&>*]:min-w-0">
        <Card title="By model">
          <Table
            testId="feedback-per-model"
            columns={[
              { label: "Model" },
              { label: "Events", align: "right" },
              { label: "Up", align: "right" },
              { label: "Down", align: "right" },
              { label: "Up rate", align: "right" },
              { label: "Mean score", align: "right" },
            ]}
          >
            {perModel.map((m) => (
              <tr key={m.model ?? ""}>
                <td className="px-5 py-2 font-mono text-xs">{m.model ?? "(none given)"}</td>
                <td className="px-5 py-2 text-right tabular-nums">{n(m.events)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{n(m.up)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{n(m.down)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{pct(m.up, m.up + m.down)}</td>
                <td className="px-5 py-2 text-right tabular-nums">
                  {m.meanScore === null ? "–" : `${m.meanScore.toFixed(2)} (${m.scored})`}
                </td>
              </tr>
            ))}
          </Table>
        </Card>
        <Card title="Scores and scrubbing">
          <div className="space-y-5">
            {scores ? (
              <figure>
                <figcaption className="mb-2 text-xs font-medium text-slate-600">Scores (1-5)</figcaption>
                <BarChart
                  bars={scores.map((s) => ({ label: String(s.score), value: s.events }))}
                  orientation="horizontal"
                  title="Events per score"
                  testId="chart-scores"
                />
              </figure>
            ) : (
              <p className="text-sm text-slate-500">No 1-5 scores: the events are thumbs.</p>
            )}
            <div data-testid="feedback-scrub">
              <p className="mb-1 text-xs font-medium text-slate-600">PII replaced on arrival</p>
              {scrub.length ? (
                <ul className="text-sm text-slate-700">
                  {scrub.map((s) => (
                    <li key={s.kind}>
                      <span className="font-mono text-xs">{s.kind}</span>: {n(s.replacements)} in {n(s.events)}{" "}
                      {s.events === 1 ? "event" : "events"}
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="text-sm text-slate-500">Nothing replaced.</p>
              )}
            </div>
          </div>
        </Card>
      </div>
      <RoutingCard slug={slug} rules={rules} />
      <Card title={`Recent events (${n(totals.events)})`}>
        <ul className="divide-y divide-slate-100" data-testid="feedback-recent">
          {recent.map((e) => (
            <li key={e.id} className="py-3 text-sm">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-slate-500">
                <span className="font-medium text-slate-800">{ratingText(e.rating)}</span>
                <time dateTime={e.occurredAt.toISOString()}>
                  {e.occurredAt.toISOString().slice(0, 16).replace("T", " ")}
                </time>
                {e.model ? <span className="font-mono">{e.model}</span> : null}
                {e.edited ? <span>edited</span> : null}
                {e.alternatives ? <span>{e.alternatives} alternatives</span> : null}
                {e.scrubbed ? <span>{e.scrubbed} PII replaced</span> : null}
                {e.review ? (
                  <Link href={`/admin/projects/${e.review.project}/items/${e.review.itemId}`} className={linkClass}>
                    review item #{e.review.number} in {e.review.project} ({WHEN_TEXT[e.routedBy ?? ""] ?? e.routedBy})
                  </Link>
                ) : null}
                <span className="font-mono text-slate-400" title="the sender's event id">
                  {e.eventId}
                </span>
              </div>
              {e.prompt ? <p className="mt-1 line-clamp-2 text-slate-600 whitespace-pre-wrap">{e.prompt}</p> : null}
              <p className="mt-1 line-clamp-3 whitespace-pre-wrap text-slate-900">{e.response}</p>
            </li>
          ))}
        </ul>
        <PageNav page={page} pages={pages} href={pageHref} previous="Newer" next="Older" className="mt-4" />
      </Card>
    </>
  );
}

function RoutingCard({ slug, rules }: { slug: string; rules: FeedbackPageData["rules"] }) {
  return (
    <Card
      title="Routing to review"
      action={
        <Link href={`/admin/projects/${slug}?tab=settings`} className={`text-sm ${linkClass}`}>
          Change rules →
        </Link>
      }
    >
      {rules.length === 0 ? (
        <p className="text-sm text-slate-500">No routing rules: feedback is stored, not sent to review.</p>
      ) : (
        <Table
          testId="feedback-routing"
          columns={[
            { label: "Rule" },
            { label: "Review in" },
            { label: "Routed", align: "right" },
            { label: "Not routable", align: "right" },
            { label: "Sampled out", align: "right" },
            { label: "Answered", align: "right" },
            { label: "Confirmed", align: "right" },
            { label: "Corrected", align: "right" },
          ]}
        >
          {rules.map((r) => {
            const demo = r.project?.kind === "demonstration";
            return (
              <tr key={r.index} data-testid={`feedback-rule-${r.index}`}>
                <td className="whitespace-nowrap px-5 py-2">
                  {r.index}. {Math.round(r.rate * 10000) / 100}% of {WHEN_TEXT[r.when] ?? r.when}
                </td>
                <td className="whitespace-nowrap px-5 py-2">
                  {r.project ? (
                    <Link href={`/admin/projects/${r.project.slug}`} className={linkClass}>
                      {r.project.name}
                    </Link>
                  ) : (
                    "(removed project)"
                  )}{" "}
                  <span className="text-xs text-slate-500">{r.project?.kind}</span>
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{n(r.routed)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{n(r.notRoutable)}</td>
                <td className="px-5 py-2 text-right tabular-nums">{n(r.sampledOut)}</td>
                <td className="px-5 py-2 text-right tabular-nums">
                  {n(r.answeredItems)} of {n(r.routed)}
                </td>
                <td className="px-5 py-2 text-right tabular-nums">{demo ? n(r.confirmed) : "–"}</td>
                <td className="px-5 py-2 text-right tabular-nums">{demo ? n(r.corrected) : "–"}</td>
              </tr>
            );
          })}
        </Table>
      )}
      <p className="mt-6 text-xs text-slate-500">
        Not routable: the rule matched but its comparison or ranking project had nothing to put beside the reply (no
        edit or alternatives). Confirmed and corrected count labelers&apos; answers in a demonstration project: the
        reply kept as it was, or rewritten.
      </p>
    </Card>
  );
}
