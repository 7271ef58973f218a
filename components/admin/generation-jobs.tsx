"use client";

import { useState } from "react";
import { secondaryButtonClass } from "@/components/ui/field-styles";
import { JobStatusBadge } from "./generation-progress";
import { errorMessage, jobErrorSchema, percentDone, type JobError, type JobView } from "./generation-view";

/** A job's failed requests, read when asked for. Text only: an endpoint's words are never markup. */
function JobErrors({ id }: { id: string }) {
  const [errors, setErrors] = useState<JobError[] | string | null>(null);
  const load = async () => {
    setErrors("Loading…");
    const response = await fetch(`/api/generations/${id}`).catch(() => null);
    const body: unknown = response ? await response.json().catch(() => null) : null;
    const parsed = jobErrorSchema.array().safeParse((body as { errors?: unknown } | null)?.errors);
    setErrors(parsed.success ? parsed.data : errorMessage(body, "The errors could not be read."));
  };
  if (errors === null) {
    return (
      <button type="button" className="text-xs text-indigo-700 hover:underline" onClick={() => void load()}>
        Show errors
      </button>
    );
  }
  if (typeof errors === "string") return <p className="text-xs text-slate-500">{errors}</p>;
  return (
    <ul className="mt-1 space-y-1 text-xs" data-testid="generation-errors">
      {errors.map((e, i) => (
        <li key={i} className="break-words">
          <span className="font-mono">{e.externalId}</span> · {e.model} #{e.sample + 1} ·{" "}
          <span className="text-rose-700">{e.error ?? e.kind}</span> ({e.attempts} attempt{e.attempts === 1 ? "" : "s"})
        </li>
      ))}
    </ul>
  );
}

/** The project's recent jobs; choosing one shows its progress above. */
export function GenerationJobs({
  jobs,
  selected,
  onSelect,
}: {
  jobs: JobView[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  if (jobs.length === 0) return <p className="text-sm text-slate-500">No generation jobs yet.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm" data-testid="generation-jobs">
      {jobs.map((job) => (
        <li key={job.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
          <JobStatusBadge status={job.status} />
          <span className="text-slate-700">{job.models.map((m) => m.name).join(", ")}</span>
          <span className="tabular-nums text-slate-500">
            {job.completions} completions · {job.failed} errors · {percentDone(job)}%
          </span>
          <time className="text-xs text-slate-400" dateTime={job.createdAt}>
            {new Date(job.createdAt).toLocaleString("en")}
          </time>
          <span className="ml-auto flex items-center gap-3">
            {job.failed > 0 ? <JobErrors id={job.id} /> : null}
            {selected !== job.id ? (
              <button type="button" className={secondaryButtonClass} onClick={() => onSelect(job.id)}>
                Show
              </button>
            ) : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
