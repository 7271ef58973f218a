"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui/field-styles";
import { ProgressBar } from "@/components/ui/progress-bar";
import { DEFAULT_JUDGE_TEMPLATE } from "@/lib/domain/judges/template";
import { z } from "zod";
import {
  answerError,
  isLiveRun,
  judgeDetailSchema,
  judgeSchema,
  runDetailSchema,
  type JudgeView,
  type RunDetail,
  type RunView,
} from "./judge-view";
import { JudgeVerdicts } from "./judge-verdicts";

// The project's Judges tab (docs/JUDGES.md): its AI judges, adding one, editing the prompt (a
// new version), runs with their progress, and a sample of verdicts. Everything goes through
// the judges HTTP API, which checks the admin on the server.

const POLL_MS = 1000;
const endpointsSchema = z.object({ models: z.array(z.object({ id: z.string(), name: z.string() })) });

type Loaded = { judges: JudgeView[] } | { error: string };

/** The project's judges, or why they could not be read. */
async function loadJudges(base: string, signal?: AbortSignal): Promise<Loaded> {
  const response = await fetch(base, { signal }).catch(() => null);
  if (!response?.ok) return { error: await answerError(response) };
  const parsed = z.object({ judges: z.array(judgeSchema) }).safeParse(await response.json().catch(() => null));
  return parsed.success ? { judges: parsed.data.judges } : { error: "The judges could not be read." };
}

async function loadEndpoints(signal: AbortSignal): Promise<{ id: string; name: string }[]> {
  const response = await fetch("/api/models", { signal }).catch(() => null);
  const parsed = endpointsSchema.safeParse(response?.ok ? await response.json().catch(() => null) : null);
  return parsed.success ? parsed.data.models : [];
}

export function JudgesTab({ slug }: { slug: string }) {
  const [judges, setJudges] = useState<JudgeView[] | null>(null);
  const [endpoints, setEndpoints] = useState<{ id: string; name: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const base = `/api/projects/${encodeURIComponent(slug)}/judges`;

  const apply = useCallback((loaded: Loaded) => {
    if ("error" in loaded) setError(loaded.error);
    else setJudges(loaded.judges);
  }, []);
  const refresh = useCallback(async () => apply(await loadJudges(base)), [apply, base]);

  useEffect(() => {
    const controller = new AbortController();
    void Promise.all([loadJudges(base, controller.signal), loadEndpoints(controller.signal)]).then(
      ([loaded, found]) => {
        if (controller.signal.aborted) return;
        apply(loaded);
        setEndpoints(found);
      },
    );
    return () => controller.abort();
  }, [apply, base]);

  // While a run is live, its progress is polled.
  const live = judges?.some((j) => isLiveRun(j.lastRun)) ?? false;
  useEffect(() => {
    if (!live) return;
    const controller = new AbortController();
    const timer = setInterval(
      () =>
        void loadJudges(base, controller.signal).then((loaded) => {
          if (!controller.signal.aborted) apply(loaded);
        }),
      POLL_MS,
    );
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [live, apply, base]);

  if (error) {
    return (
      <p role="alert" className="text-sm text-rose-700">
        {error}
      </p>
    );
  }
  if (judges === null) return <p className="text-sm text-slate-500">Loading…</p>;
  return (
    <div className="space-y-6">
      <Card title={`Judges (${judges.length})`}>
        {judges.length === 0 ? (
          <EmptyState title="No judges yet" testId="judges-empty">
            An AI judge answers this project&apos;s items in both display orders; its verdicts are stored apart from
            human answers, with provenance <code>judge:&lt;name&gt;</code>. Add one below.
          </EmptyState>
        ) : (
          <ul className="space-y-4" aria-label="Judges">
            {judges.map((judge) => (
              <li key={judge.name}>
                <JudgeCard slug={slug} base={base} judge={judge} onChange={refresh} />
              </li>
            ))}
          </ul>
        )}
      </Card>
      <Card title="Add a judge">
        <AddJudgeForm base={base} endpoints={endpoints} onAdded={refresh} />
      </Card>
    </div>
  );
}

function AddJudgeForm({
  base,
  endpoints,
  onAdded,
}: {
  base: string;
  endpoints: { id: string; name: string }[];
  onAdded: () => Promise<void>;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (endpoints.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        A judge needs a model endpoint.{" "}
        <Link href="/admin/models" className="text-indigo-700 underline">
          Add one on the Models page
        </Link>
        .
      </p>
    );
  }
  const submit = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const target = event.currentTarget;
    setBusy(true);
    const response = await fetch(base, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: String(form.get("name") ?? ""),
        model: String(form.get("model") ?? ""),
        auditRate: Number(form.get("auditRate") ?? 0.1),
        routing: form.get("routing") === "on",
        prompt: String(form.get("prompt") ?? ""),
      }),
    }).catch(() => null);
    setBusy(false);
    if (!response?.ok) {
      setMessage(await answerError(response));
      return;
    }
    setMessage(null);
    target.reset();
    await onAdded();
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="space-y-4" aria-label="Add a judge">
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor="judge-name" className={labelClass}>
            Name
          </label>
          <input
            id="judge-name"
            name="name"
            required
            pattern="[a-z0-9][a-z0-9\-]{0,62}"
            placeholder="gpt-judge"
            className={inputClass}
            aria-describedby="judge-name-help"
          />
          <p id="judge-name-help" className="mt-1 text-xs text-slate-500">
            Lower-case letters, digits and -. Exports name its verdicts judge:&lt;name&gt;.
          </p>
        </div>
        <div>
          <label htmlFor="judge-model" className={labelClass}>
            Endpoint
          </label>
          <select id="judge-model" name="model" className={inputClass} defaultValue={endpoints[0]?.name}>
            {endpoints.map((e) => (
              <option key={e.id} value={e.name}>
                {e.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="judge-audit-rate" className={labelClass}>
            Audit rate
          </label>
          <input
            id="judge-audit-rate"
            name="auditRate"
            type="number"
            min={0}
            max={1}
            step={0.01}
            defaultValue={0.1}
            className={inputClass}
            aria-describedby="judge-audit-help"
          />
          <p id="judge-audit-help" className="mt-1 text-xs text-slate-500">
            With routing: the share of consistent verdicts one human checks (0 to 1).
          </p>
        </div>
        <label className="flex items-center gap-2 self-center text-sm text-slate-700">
          <input type="checkbox" name="routing" /> Route items after a run (fewer humans where the judge is consistent)
        </label>
      </div>
      <div>
        <label htmlFor="judge-prompt" className={labelClass}>
          Prompt template
        </label>
        <textarea
          id="judge-prompt"
          name="prompt"
          rows={8}
          defaultValue={DEFAULT_JUDGE_TEMPLATE}
          className={`${inputClass} font-mono text-xs`}
        />
      </div>
      {message ? (
        <p role="alert" className="text-sm text-rose-700">
          {message}
        </p>
      ) : null}
      <button type="submit" className={primaryButtonClass} disabled={busy}>
        Add judge
      </button>
    </form>
  );
}

const STATUS_TONE = {
  queued: "slate",
  running: "indigo",
  completed: "green",
  failed: "red",
  cancelled: "amber",
} as const;

function RunLine({ run }: { run: RunView }) {
  const percent = run.items === 0 ? 100 : Math.round((100 * run.done) / run.items);
  return (
    <div className="space-y-1" data-testid="judge-run">
      <div className="flex flex-wrap items-center gap-2 text-sm text-slate-600">
        <Badge tone={STATUS_TONE[run.status]}>{run.status}</Badge>
        <span className="tabular-nums">
          {run.done}/{run.items} items · {run.failed} errors ·{" "}
          {(run.promptTokens + run.completionTokens).toLocaleString("en")} tokens · prompt v{run.promptVersion}
        </span>
      </div>
      {isLiveRun(run) ? <ProgressBar label="Run progress" percent={run.items ? percent : null} /> : null}
      {run.error ? <p className="text-sm text-rose-700">{run.error}</p> : null}
    </div>
  );
}

function JudgeCard({
  slug,
  base,
  judge,
  onChange,
}: {
  slug: string;
  base: string;
  judge: JudgeView;
  onChange: () => Promise<void>;
}) {
  const [message, setMessage] = useState<string | null>(null);
  const [detail, setDetail] = useState<RunDetail | null>(null);
  const url = `${base}/${encodeURIComponent(judge.name)}`;
  const act = async (request: Promise<Response | null>) => {
    const response = await request;
    setMessage(response?.ok ? null : await answerError(response));
    await onChange();
  };
  const showVerdicts = async (runId: string) => {
    const response = await fetch(`${url}/runs/${runId}?sample=10`).catch(() => null);
    const parsed = runDetailSchema.safeParse(response?.ok ? await response.json().catch(() => null) : null);
    if (parsed.success) setDetail(parsed.data);
    else setMessage(await answerError(response));
  };
  const run = judge.lastRun;
  const c = judge.counts;
  return (
    <article className="space-y-3 rounded-lg border border-slate-200 p-4" aria-label={`Judge ${judge.name}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-mono text-sm font-semibold text-slate-800">{judge.name}</h3>
        <div className="flex flex-wrap items-center gap-2 text-xs text-slate-600">
          <span>
            endpoint <span className="font-mono">{judge.model.name}</span>
          </span>
          <span>prompt v{judge.promptVersion}</span>
          <Badge tone={judge.routing ? "indigo" : "slate"}>
            {judge.routing ? `routing, audit ${Math.round(judge.auditRate * 100)}%` : "routing off"}
          </Badge>
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4" data-testid="judge-counts">
        {(
          [
            ["Consistent", c.consistent],
            ["Inconsistent", c.inconsistent],
            ["Unsure", c.unsure],
            ["Unparsed", c.unparsed],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded-md bg-slate-50 px-3 py-2">
            <dt className="text-xs text-slate-500">{label}</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      {run ? <RunLine run={run} /> : <p className="text-sm text-slate-500">Not run yet.</p>}
      <div className="flex flex-wrap gap-2">
        {isLiveRun(run) ? (
          <button
            type="button"
            className={secondaryButtonClass}
            onClick={() => void act(fetch(`${url}/runs/${run!.id}`, { method: "DELETE" }).catch(() => null))}
          >
            Cancel run
          </button>
        ) : (
          <button
            type="button"
            className={primaryButtonClass}
            onClick={() => void act(fetch(`${url}/runs`, { method: "POST" }).catch(() => null))}
          >
            Run judge
          </button>
        )}
        {run && run.done > 0 ? (
          <button type="button" className={secondaryButtonClass} onClick={() => void showVerdicts(run.id)}>
            Show verdicts
          </button>
        ) : null}
        <Link
          href={`/admin/projects/${encodeURIComponent(slug)}/judges/${encodeURIComponent(judge.name)}/agreement`}
          className={secondaryButtonClass}
        >
          Agreement with humans
        </Link>
      </div>
      {message ? (
        <p role="alert" className="text-sm text-rose-700">
          {message}
        </p>
      ) : null}
      <PromptEditor url={url} onSaved={onChange} />
      {detail ? <JudgeVerdicts detail={detail} /> : null}
    </article>
  );
}

function PromptEditor({ url, onSaved }: { url: string; onSaved: () => Promise<void> }) {
  const [judge, setJudge] = useState<z.infer<typeof judgeDetailSchema> | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const load = async () => {
    const response = await fetch(url).catch(() => null);
    const parsed = z
      .object({ judge: judgeDetailSchema })
      .safeParse(response?.ok ? await response.json().catch(() => null) : null);
    if (parsed.success) setJudge(parsed.data.judge);
  };
  const save = async (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const prompt = String(new FormData(event.currentTarget).get("prompt") ?? "");
    const response = await fetch(url, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ prompt }),
    }).catch(() => null);
    if (!response?.ok) {
      setMessage(await answerError(response));
      return;
    }
    setMessage("Saved.");
    await load();
    await onSaved();
  };
  return (
    <details onToggle={(e) => (e.currentTarget.open && !judge ? void load() : undefined)}>
      <summary className="cursor-pointer text-sm text-indigo-700">Prompt and versions</summary>
      {judge ? (
        <form onSubmit={(e) => void save(e)} className="mt-3 space-y-2" aria-label="Edit the prompt">
          <label htmlFor={`prompt-${judge.name}`} className={labelClass}>
            Prompt template (v{judge.promptVersion}; a change is saved as a new version)
          </label>
          <textarea
            id={`prompt-${judge.name}`}
            name="prompt"
            rows={10}
            defaultValue={judge.prompt}
            key={judge.promptVersion}
            className={`${inputClass} font-mono text-xs`}
          />
          <div className="flex items-center gap-3">
            <button type="submit" className={secondaryButtonClass}>
              Save as a new version
            </button>
            {message ? (
              <span role="status" className="text-sm text-slate-600">
                {message}
              </span>
            ) : null}
          </div>
          <p className="text-xs text-slate-500">
            Versions:{" "}
            {judge.versions
              .map((v) => `v${v.version} (${new Date(v.createdAt).toISOString().slice(0, 10)})`)
              .join(", ")}
          </p>
        </form>
      ) : (
        <p className="mt-2 text-sm text-slate-500">Loading…</p>
      )}
    </details>
  );
}
