import { Badge } from "@/components/ui/badge";
import { secondaryButtonClass } from "@/components/ui/field-styles";
import { ProgressBar } from "@/components/ui/progress-bar";
import { isLive, percentDone, progressSummary, type JobView } from "./generation-view";

const TONE = { queued: "slate", running: "indigo", completed: "green", cancelled: "amber", failed: "red" } as const;

export function JobStatusBadge({ status }: { status: JobView["status"] }) {
  return <Badge tone={TONE[status]}>{status}</Badge>;
}

/** One job: its status, bar and figures, its failure reason, and cancel or resume. */
export function GenerationProgress({
  job,
  busy,
  onCancel,
  onResume,
}: {
  job: JobView;
  busy: boolean;
  onCancel: () => void;
  onResume: () => void;
}) {
  const live = isLive(job);
  const resumable =
    !live && (job.status !== "completed" || job.failed > 0) && job.requests > job.completions + job.skipped;
  return (
    <div className="space-y-2 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="generation-progress">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <JobStatusBadge status={job.status} />
        <span className="text-slate-700">{job.models.map((m) => m.name).join(", ")}</span>
        <span className="text-slate-500">
          × {job.samples} sample{job.samples === 1 ? "" : "s"}
        </span>
        <span className="ml-auto flex gap-2">
          {live ? (
            <button type="button" className={secondaryButtonClass} disabled={busy} onClick={onCancel}>
              Cancel
            </button>
          ) : null}
          {resumable ? (
            <button type="button" className={secondaryButtonClass} disabled={busy} onClick={onResume}>
              Resume
            </button>
          ) : null}
        </span>
      </div>
      <div className="flex items-center gap-3">
        <ProgressBar
          label="Generation progress"
          percent={job.status === "queued" && job.itemsDone === 0 ? null : percentDone(job)}
        />
        <span className="text-xs tabular-nums text-slate-600">{percentDone(job)}%</span>
      </div>
      <p className="text-xs tabular-nums text-slate-600" data-testid="generation-figures">
        {progressSummary(job)}
      </p>
      {job.status === "queued" && job.itemsDone === 0 ? (
        <p className="text-xs text-slate-500">
          Waiting for a worker to start it (npm start runs one; npm run worker runs more).
        </p>
      ) : null}
      {job.error ? (
        <p role="alert" className="text-sm text-rose-700">
          {job.error}
        </p>
      ) : null}
    </div>
  );
}
