import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";
import { StandingActions } from "./standing-actions";

// The labeler quality program on the project page (docs/QUALITY.md): the Overview's alert of
// paused labelers, and the Members tab's standings. Server components; the actions are client.

export interface PausedLabeler {
  userId: string;
  email: string;
  pauseReason: string | null;
  pausedAt: Date | null;
}

/** Overview: who attention checks paused, why, and the way to let them continue. */
export function PausedLabelersAlert({ slug, paused }: { slug: string; paused: PausedLabeler[] }) {
  if (!paused.length) return null;
  return (
    <section
      role="alert"
      aria-labelledby="paused-labelers-title"
      className="rounded-xl border border-amber-300 bg-amber-50 p-5"
      data-testid="paused-labelers"
    >
      <h2 id="paused-labelers-title" className="text-sm font-semibold text-amber-900">
        {paused.length === 1 ? "1 labeler is paused" : `${paused.length} labelers are paused`} by attention checks
      </h2>
      <p className="mt-1 text-sm text-amber-900">
        They get no tasks in this project and their open tasks went back to the queue. Review their answers, then
        unpause them with a reason (recorded in the audit log).
      </p>
      <ul className="mt-3 space-y-3">
        {paused.map((p) => (
          <li key={p.userId} className="flex flex-col gap-2 rounded-md bg-white/70 p-3 md:flex-row md:items-center">
            <div className="min-w-0 flex-1 text-sm">
              <Link href={`/admin/users/${p.userId}`} className="font-medium text-indigo-700 hover:underline">
                {p.email}
              </Link>
              <p className="text-slate-700">{p.pauseReason ?? "Paused"}</p>
            </div>
            <StandingActions slug={slug} userId={p.userId} actions={["unpause"]} label={p.email} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The project's draft state, said where the admin looks first. */
export function DraftNotice() {
  return (
    <section role="status" className="rounded-xl border border-amber-300 bg-amber-50 p-5 text-sm text-amber-900">
      <h2 className="font-semibold">This project has not started</h2>
      <p className="mt-1">
        Qualification is required and the project has no qualification items with an expected answer. Mark gold items
        with the role “Qualification” on their item page, then resume the project on the Settings tab.
      </p>
    </section>
  );
}

export interface MemberStandingRow {
  userId: string;
  email: string;
  status: "pending" | "passed" | "failed";
  score: number | null;
  answered: number;
  paused: boolean;
}

const STATUS_TONE = { passed: "green", failed: "red", pending: "slate" } as const;
/** "pending" in the API and CLI; on the page, whether the labeler has begun. */
const statusLabel = (r: MemberStandingRow) =>
  r.status !== "pending" ? r.status : r.answered > 0 ? "in progress" : "not started";

/** Members tab: each member's qualification and pause, linking to their page for the answers. */
export function StandingsTable({ rows, qualification }: { rows: MemberStandingRow[]; qualification: boolean }) {
  const status = (r: MemberStandingRow) =>
    qualification || r.status !== "pending" ? (
      <Badge tone={STATUS_TONE[r.status]}>{statusLabel(r)}</Badge>
    ) : (
      <span className="text-slate-500">not required</span>
    );
  const score = (r: MemberStandingRow) => (r.score === null ? "–" : `${Math.round(r.score * 100)}%`);
  const attention = (r: MemberStandingRow) => (r.paused ? <Badge tone="amber">paused</Badge> : "ok");
  return (
    <>
      {/* A phone gets one block per labeler: five columns do not fit 390 px. */}
      <ul className="-my-2 divide-y divide-slate-100 sm:hidden" data-testid="standings-list">
        {rows.map((r) => (
          <li key={r.userId} className="py-3 text-sm">
            <Link href={`/admin/users/${r.userId}`} className="break-all text-indigo-700 hover:underline">
              {r.email}
            </Link>
            <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 text-slate-700">
              <dt className="text-slate-500">Qualification</dt>
              <dd>{status(r)}</dd>
              <dt className="text-slate-500">Score</dt>
              <dd className="tabular-nums">{score(r)}</dd>
              <dt className="text-slate-500">Answered</dt>
              <dd className="tabular-nums">{r.answered}</dd>
              <dt className="text-slate-500">Attention</dt>
              <dd>{attention(r)}</dd>
            </dl>
          </li>
        ))}
      </ul>
      <div className="hidden sm:block">
        <Table
          testId="standings"
          columns={[
            { label: "Labeler" },
            { label: "Qualification" },
            { label: "Score", align: "right" },
            { label: "Answered", align: "right" },
            { label: "Attention" },
          ]}
        >
          {rows.map((r) => (
            <tr key={r.userId}>
              <td className="px-5 py-2">
                <Link href={`/admin/users/${r.userId}`} className="text-indigo-700 hover:underline">
                  {r.email}
                </Link>
              </td>
              <td className="px-5 py-2">{status(r)}</td>
              <td className="px-5 py-2 text-right tabular-nums">{score(r)}</td>
              <td className="px-5 py-2 text-right tabular-nums">{r.answered}</td>
              <td className="px-5 py-2">{attention(r)}</td>
            </tr>
          ))}
        </Table>
      </div>
    </>
  );
}
