"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { inputClass, labelClass, primaryButtonClass, secondaryButtonClass } from "@/components/ui/field-styles";

const FORMATS: Record<string, string> = {
  sft: "sft: chat messages (SFTTrainer)",
  "sft-prompt-completion": "sft-prompt-completion: prompt / completion",
  preference: "preference: prompt, chosen, rejected, margin (RewardTrainer, DPOTrainer)",
  "preference-hh": "preference-hh: Anthropic HH layout",
  "best-of-n": "best-of-n: consensus winners as demonstrations (FeedME)",
  kto: "kto: prompt, completion, label (KTOTrainer)",
  safety: "safety: completion with its flags",
  raw: "raw: every answer, pseudonymous labelers",
};

const FORMATS_BY_KIND: Record<string, string[]> = {
  demonstration: ["sft", "sft-prompt-completion", "raw"],
  comparison: ["preference", "preference-hh", "best-of-n", "kto", "safety", "sft", "sft-prompt-completion", "raw"],
  ranking: ["preference", "preference-hh", "best-of-n", "kto", "safety", "sft", "sft-prompt-completion", "raw"],
};

type State =
  | { kind: "idle" }
  | { kind: "running"; rows: number; bytes: number; itemsDone: number; itemsTotal: number | null }
  | { kind: "done"; rows: number; bytes: number; fileName: string; sha256: string | null }
  | { kind: "failed"; message: string };

const STORAGE_KEY = (slug: string) => `rlhf:export-options:${slug}`;

/**
 * Downloads an export through the streaming API with a progress bar: bytes and rows as
 * they arrive, items visited from the export's record (polled while it runs).
 */
export function ExportForm({ slug, kind }: { slug: string; kind: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const abortRef = useRef<AbortController | null>(null);
  const [state, setState] = useState<State>({ kind: "idle" });
  const [format, setFormat] = useState(FORMATS_BY_KIND[kind]![0]!);
  const [split, setSplit] = useState(false);
  const formats = FORMATS_BY_KIND[kind] ?? Object.keys(FORMATS);
  const busy = state.kind === "running";

  // The last options used on this project come back after a reload.
  useEffect(() => {
    const saved = window.localStorage.getItem(STORAGE_KEY(slug));
    if (!saved || !formRef.current) return;
    try {
      const values = JSON.parse(saved) as Record<string, string>;
      for (const [name, value] of Object.entries(values)) {
        const field = formRef.current.elements.namedItem(name);
        if (field instanceof HTMLInputElement && field.type === "checkbox") field.checked = value === "true";
        else if (field instanceof HTMLInputElement || field instanceof HTMLSelectElement) field.value = value;
      }
      if (values.format && formats.includes(values.format)) setFormat(values.format);
      setSplit(values.useSplit === "true");
    } catch {
      window.localStorage.removeItem(STORAGE_KEY(slug));
    }
  }, [slug]);

  async function download(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const remembered: Record<string, string> = {};
    for (const [name, value] of form) remembered[name] = String(value);
    remembered.useSplit = String(split);
    window.localStorage.setItem(STORAGE_KEY(slug), JSON.stringify(remembered));

    const query = new URLSearchParams({ format });
    const number = (name: string, param: string, scale = 1) => {
      const value = String(form.get(name) ?? "").trim();
      if (value !== "") query.set(param, String(Number(value) / scale));
    };
    number("minAgreement", "minAgreement", 100);
    number("minLabelerAgreement", "minLabelerAgreement", 100);
    number("minAnnotations", "minAnnotations");
    if (format === "best-of-n") number("minLikert", "minLikert");
    if (form.get("excludeFlagged")) query.set("excludeFlagged", "true");
    for (const name of ["from", "to"]) {
      const value = String(form.get(name) ?? "");
      if (value) query.set(name, value);
    }
    if (split) {
      const train = Number(form.get("trainShare") ?? 90);
      if (!(train > 0 && train < 100)) {
        setState({ kind: "failed", message: "The training share must be between 1 and 99%." });
        return;
      }
      query.set("split", `train=${train / 100},test=${Math.round(100 - train) / 100}`);
      query.set("part", String(form.get("part") ?? "train"));
    }

    const controller = new AbortController();
    abortRef.current = controller;
    setState({ kind: "running", rows: 0, bytes: 0, itemsDone: 0, itemsTotal: null });
    let poll: ReturnType<typeof setInterval> | undefined;
    try {
      const response = await fetch(`/api/projects/${encodeURIComponent(slug)}/export?${query}`, {
        signal: controller.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as {
          error?: { message: string; details?: { path: string; message: string }[] };
        } | null;
        const detail = body?.error?.details?.map((d) => `${d.path}: ${d.message}`).join("; ");
        throw new Error(
          `${body?.error?.message ?? `The server answered ${response.status}`}${detail ? ` (${detail})` : ""}.`,
        );
      }
      const exportId = response.headers.get("x-export-id");
      const fileName =
        /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? `${slug}.jsonl`;
      let progress = { itemsDone: 0, itemsTotal: null as number | null };
      if (exportId) {
        poll = setInterval(async () => {
          const record = (await fetch(`/api/exports/${exportId}`)
            .then((r) => r.json())
            .catch(() => null)) as { export?: { itemsDone: number; itemsTotal: number | null } } | null;
          if (record?.export) progress = { itemsDone: record.export.itemsDone, itemsTotal: record.export.itemsTotal };
        }, 500);
      }
      const reader = response.body.getReader();
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      let rows = 0;
      let lastPaint = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        bytes += value.byteLength;
        for (const byte of value) if (byte === 10) rows += 1;
        const now = performance.now();
        if (now - lastPaint > 100) {
          lastPaint = now;
          setState({ kind: "running", rows, bytes, ...progress });
        }
      }
      clearInterval(poll);
      const record = exportId
        ? ((await fetch(`/api/exports/${exportId}`)
            .then((r) => r.json())
            .catch(() => null)) as { export?: { sha256: string | null; status: string; error: string | null } } | null)
        : null;
      if (record?.export?.status === "failed") throw new Error(`The export failed: ${record.export.error}`);
      const url = URL.createObjectURL(new Blob(chunks as BlobPart[], { type: "application/x-ndjson" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setState({ kind: "done", rows, bytes, fileName, sha256: record?.export?.sha256 ?? null });
      router.refresh();
    } catch (error) {
      clearInterval(poll);
      setState(
        controller.signal.aborted
          ? { kind: "idle" }
          : { kind: "failed", message: error instanceof Error ? error.message : String(error) },
      );
    } finally {
      abortRef.current = null;
    }
  }

  const percent =
    state.kind === "running" && state.itemsTotal
      ? Math.min(100, Math.round((100 * state.itemsDone) / state.itemsTotal))
      : null;

  return (
    <form ref={formRef} onSubmit={download} aria-label="Export" className="space-y-4">
      <div>
        <label htmlFor="export-format" className={labelClass}>
          Format
        </label>
        <select
          id="export-format"
          name="format"
          value={format}
          onChange={(e) => setFormat(e.target.value)}
          className={inputClass}
        >
          {formats.map((f) => (
            <option key={f} value={f}>
              {FORMATS[f]}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="grid gap-4 md:grid-cols-3">
        <legend className="mb-2 text-sm font-medium text-slate-700">Filters (all optional)</legend>
        <NumberField name="minAgreement" label="Minimum item agreement (%)" min={0} max={100} />
        <NumberField name="minAnnotations" label="Minimum answers per item" min={1} max={100} />
        <NumberField name="minLabelerAgreement" label="Labelers with agreement of at least (%)" min={0} max={100} />
        <div>
          <label htmlFor="export-from" className={labelClass}>
            Answers from
          </label>
          <input id="export-from" name="from" type="date" className={inputClass} />
        </div>
        <div>
          <label htmlFor="export-to" className={labelClass}>
            Answers before
          </label>
          <input id="export-to" name="to" type="date" className={inputClass} />
        </div>
        {format === "best-of-n" ? (
          <NumberField name="minLikert" label="Winner's mean Likert at least" min={1} max={7} step={0.5} />
        ) : null}
        <label className="flex items-center gap-2 text-sm text-slate-700 md:col-span-3">
          <input type="checkbox" name="excludeFlagged" className="accent-indigo-600" />
          Leave out items on which anyone raised a flag
        </label>
      </fieldset>
      <div className="space-y-3">
        <label className="flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={split}
            onChange={(e) => setSplit(e.target.checked)}
            className="accent-indigo-600"
          />
          Split into train and test by prompt (one prompt never in both)
        </label>
        {/* Always rendered (hidden when off), so that remembered values come back after a reload. */}
        <div className="grid gap-4 md:grid-cols-3" hidden={!split}>
          <NumberField name="trainShare" label="Train share (%)" min={1} max={99} defaultValue="90" />
          <div>
            <label htmlFor="export-part" className={labelClass}>
              Download
            </label>
            <select id="export-part" name="part" defaultValue="train" className={inputClass}>
              <option value="train">train</option>
              <option value="test">test</option>
            </select>
          </div>
        </div>
      </div>
      <div className="flex items-center gap-4">
        <button type="submit" disabled={busy} className={primaryButtonClass}>
          {busy ? "Exporting…" : "Export and download"}
        </button>
        {busy ? (
          <>
            <div className="flex flex-1 items-center gap-3">
              <div
                className="h-2 flex-1 overflow-hidden rounded-full bg-slate-100"
                role="progressbar"
                aria-label="Export progress"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={percent ?? undefined}
              >
                <div
                  className={`h-full bg-indigo-600 transition-all ${percent === null ? "animate-pulse" : ""}`}
                  style={{ width: `${percent ?? 100}%` }}
                />
              </div>
              <span className="text-xs tabular-nums text-slate-500" data-testid="export-progress">
                {state.rows.toLocaleString("en")} rows, {formatBytes(state.bytes)}
                {percent !== null ? ` · ${percent}% of items` : ""}
              </span>
            </div>
            <button type="button" className={secondaryButtonClass} onClick={() => abortRef.current?.abort()}>
              Cancel
            </button>
          </>
        ) : null}
      </div>
      {state.kind === "failed" ? (
        <p role="alert" className="text-sm text-rose-700">
          {state.message}
        </p>
      ) : null}
      {state.kind === "done" ? (
        <p className="rounded-lg bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200" data-testid="export-result">
          Downloaded <span className="font-mono">{state.fileName}</span>: {state.rows.toLocaleString("en")} rows,{" "}
          {formatBytes(state.bytes)}
          {state.sha256 ? (
            <>
              , sha256 <span className="font-mono text-xs">{state.sha256.slice(0, 16)}…</span>
            </>
          ) : null}
          . Its manifest is in the list below.
        </p>
      ) : null}
    </form>
  );
}

function NumberField({
  name,
  label,
  min,
  max,
  step = 1,
  defaultValue,
}: {
  name: string;
  label: string;
  min: number;
  max: number;
  step?: number;
  defaultValue?: string;
}) {
  return (
    <div>
      <label htmlFor={`export-${name}`} className={labelClass}>
        {label}
      </label>
      <input
        id={`export-${name}`}
        name={name}
        type="number"
        inputMode="decimal"
        min={min}
        max={max}
        step={step}
        defaultValue={defaultValue}
        className={inputClass}
      />
    </div>
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
