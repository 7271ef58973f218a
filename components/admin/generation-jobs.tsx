"use client";

import { useState } from "react";
import { secondaryButtonClass } from "@/components/ui/field-styles";
import { JobStatusBadge } from "./generation-progress";
import { errorMessage, jobErrorSchema, percentDone, type JobError, type JobView } from "./generation-view";

/** A job's failed requests as the API lists them. Text only: an endpoint's words are never markup. */
function JobErrors({ errors }: { errors: JobError[] | string }) {
  if (typeof errors === "string") return <p className="basis-full text-xs text-slate-500">{errors}</p>;
  return (
    <ul className="basis-full space-y-1 text-xs" data-testid="generation-errors">
      {errors.map((e, i) => (
        <li key={i} className="break-words">
          <span className="font-mono">{e.externalId}</span> · {e.model} #{e.sample + 1} ·{" "}
          <span className="text-rose-700">{e.error ?? e.kind}</span> ({e.attempts} attempt{e.attempts === 1 ? "" : "s"})
        </li>
      ))}
    </ul>
  );
}

function JobRow({ job, selected, onSelect }: { job: JobView; selected: boolean; onSelect: () => void }) {
  const [errors, setErrors] = useState<JobError[] | string | null>(null);
  // Read when asked for: most jobs' errors are never looked at.
  const showErrors = async () => {
    setErrors("Loading…");
    const response = await fetch(`/api/generations/${job.id}`).catch(() => null);
    const body: unknown = response ? await response.json().catch(() => null) : null;
    const parsed = jobErrorSchema.array().safeParse((body as { errors?: unknown } | null)?.errors);
    setErrors(parsed.success ? parsed.data : errorMessage(body, "The errors could not be read."));
  };
  return (
    <li className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
      <JobStatusBadge status={job.status} />
      <span className="text-slate-700">{job.models.map((m) => m.name).join(", ")}</span>
      <span className="tabular-nums text-slate-500">
        {job.completions} completions · {job.failed} error{job.failed === 1 ? "" : "s"} · {percentDone(job)}%
      </span>
      <time className="text-xs text-slate-500" dateTime={job.createdAt}>
        {new Date(job.createdAt).toLocaleString("en")}
      </time>
      <span className="ml-auto flex items-center gap-3">
        {job.failed > 0 && errors === null ? (
          <button type="button" className="text-xs text-indigo-700 hover:underline" onClick={() => void showErrors()}>
            Show errors
          </button>
        ) : null}
        {!selected ? (
          <button type="button" className={secondaryButtonClass} onClick={onSelect}>
            Show
          </button>
        ) : null}
      </span>
      {errors !== null ? <JobErrors errors={errors} /> : null}
    </li>
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
        <JobRow key={job.id} job={job} selected={selected === job.id} onSelect={() => onSelect(job.id)} />
      ))}
    </ul>
  );
}
