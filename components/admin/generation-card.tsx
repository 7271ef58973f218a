"use client";

import { useEffect, useState } from "react";
import Link from "next/link";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { MAX_JOB_SAMPLES } from "@/lib/validation/generation";
import { GenerationJobs } from "./generation-jobs";
import { GenerationProgress } from "./generation-progress";
import {
  endpointOptionSchema,
  errorMessage,
  isLive,
  jobSchema,
  type EndpointOption,
  type JobView,
} from "./generation-view";
import { useGenerationProgress, type FollowedJob } from "./use-generation-progress";

type Loaded = { endpoints: EndpointOption[]; jobs: JobView[] } | { error: string } | null;

async function readJson(response: Response | null): Promise<unknown> {
  return response ? response.json().catch(() => null) : null;
}

/** The endpoints to choose from and the project's recent jobs. */
async function loadCard(slug: string, signal?: AbortSignal): Promise<Exclude<Loaded, null>> {
  const [models, jobs] = await Promise.all([
    fetch("/api/models", { signal }).catch(() => null),
    fetch(`/api/projects/${slug}/generations`, { signal }).catch(() => null),
  ]);
  const modelsBody = await readJson(models);
  const jobsBody = await readJson(jobs);
  const endpoints = endpointOptionSchema.array().safeParse((modelsBody as { models?: unknown } | null)?.models);
  const list = jobSchema.array().safeParse((jobsBody as { jobs?: unknown } | null)?.jobs);
  if (!endpoints.success || !list.success) {
    return { error: errorMessage(modelsBody ?? jobsBody, "The model endpoints could not be read.") };
  }
  return { endpoints: endpoints.data, jobs: list.data };
}

/**
 * "Generate completions" on the project page: endpoints to ask, samples each, start; the
 * followed job's progress (items, tokens, errors, time left) with cancel and resume; the
 * project's recent jobs with their errors. Everything goes through the generation API.
 */
export function GenerationCard({ slug }: { slug: string }) {
  const [loaded, setLoaded] = useState<Loaded>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [samples, setSamples] = useState("1");
  const [followed, setFollowed] = useState<FollowedJob | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const apply = (next: Exclude<Loaded, null>) => {
    setLoaded(next);
    if ("jobs" in next) {
      setFollowed((current) => {
        if (current) return current;
        const id = next.jobs.find(isLive)?.id ?? next.jobs[0]?.id;
        return id ? { id, round: 0 } : null;
      });
    }
  };
  const refresh = async () => apply(await loadCard(slug));

  useEffect(() => {
    const controller = new AbortController();
    void loadCard(slug, controller.signal).then((next) => {
      if (!controller.signal.aborted) apply(next);
    });
    return () => controller.abort();
  }, [slug]);

  const jobs = loaded && "jobs" in loaded ? loaded.jobs : [];
  const initial = jobs.find((j) => j.id === followed?.id) ?? null;
  const job = useGenerationProgress(followed, initial, () => void refresh());

  const act = async (request: Promise<Response | null>) => {
    setBusy(true);
    setMessage(null);
    const response = await request;
    const body = await readJson(response);
    setBusy(false);
    const parsed = jobSchema.safeParse((body as { job?: unknown } | null)?.job);
    if (!response?.ok || !parsed.success) {
      setMessage(errorMessage(body, "The request failed; try again."));
      return;
    }
    // The same job after a cancel or resume: follow it afresh (a new round).
    setFollowed((current) => ({ id: parsed.data.id, round: (current?.round ?? 0) + 1 }));
    await refresh();
  };

  const start = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (chosen.length === 0) {
      setMessage("Choose at least one endpoint.");
      return;
    }
    void act(
      fetch(`/api/projects/${slug}/generations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ models: chosen, samples: Number(samples) }),
      }).catch(() => null),
    );
  };

  if (loaded === null) return <p className="text-sm text-slate-500">Loading…</p>;
  if ("error" in loaded) {
    return (
      <p role="alert" className="text-sm text-rose-700">
        {loaded.error}
      </p>
    );
  }
  return (
    <div className="space-y-5">
      {loaded.endpoints.length === 0 ? (
        <p className="text-sm text-slate-600">
          No model endpoints yet.{" "}
          <Link href="/admin/models" className="text-indigo-700 underline">
            Add one on the Models page
          </Link>{" "}
          to generate completions for prompts that have too few.
        </p>
      ) : (
        <form onSubmit={start} className="space-y-3" aria-label="Generate completions">
          <fieldset>
            <legend className={labelClass}>Endpoints</legend>
            <div className="flex flex-wrap gap-x-5 gap-y-2">
              {loaded.endpoints.map((e) => (
                <label key={e.id} className="flex items-center gap-2 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    name="models"
                    value={e.name}
                    checked={chosen.includes(e.name)}
                    onChange={(event) =>
                      setChosen((now) =>
                        event.target.checked ? [...now, e.name] : now.filter((name) => name !== e.name),
                      )
                    }
                    className="h-4 w-4 rounded border-slate-300 text-indigo-600"
                  />
                  {e.name} <span className="font-mono text-xs text-slate-500">{e.model}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="flex flex-wrap items-end gap-4">
            <div className="w-32">
              <label htmlFor="generation-samples" className={labelClass}>
                Samples each
              </label>
              <input
                id="generation-samples"
                type="number"
                min={1}
                max={MAX_JOB_SAMPLES}
                value={samples}
                onChange={(event) => setSamples(event.target.value)}
                className={inputClass}
              />
            </div>
            <button type="submit" className={primaryButtonClass} disabled={busy}>
              Generate
            </button>
            <p className="text-xs text-slate-500">
              For open items with fewer completions than the project&apos;s maximum; existing ones are kept.
            </p>
          </div>
        </form>
      )}
      {message ? (
        <p role="alert" className="text-sm text-rose-700">
          {message}
        </p>
      ) : null}
      {job ? (
        <GenerationProgress
          job={job}
          busy={busy}
          onCancel={() => void act(fetch(`/api/generations/${job.id}`, { method: "DELETE" }).catch(() => null))}
          onResume={() => void act(fetch(`/api/generations/${job.id}/resume`, { method: "POST" }).catch(() => null))}
        />
      ) : null}
      <div>
        <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Recent jobs</h3>
        <GenerationJobs
          jobs={jobs.map((j) => (job && j.id === job.id ? job : j))}
          selected={followed?.id ?? null}
          onSelect={(id) => setFollowed((current) => ({ id, round: (current?.round ?? 0) + 1 }))}
        />
      </div>
    </div>
  );
}
