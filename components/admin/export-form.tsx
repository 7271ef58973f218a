"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { ProgressBar } from "@/components/ui/progress-bar";
import { EXPORT_FORMAT_LIST, exportFormatsFor } from "@/lib/domain/export/formats";
import { exportOptionsSchema } from "@/lib/validation/exports";

// The one list of export formats and the kinds each applies to (the server enforces the same).
const FORMATS: Record<string, string> = Object.fromEntries(EXPORT_FORMAT_LIST.map((f) => [f.format, f.label]));
const FORMATS_BY_KIND: Record<string, string[]> = Object.fromEntries(
  (["demonstration", "comparison", "ranking"] as const).map((kind) => [kind, exportFormatsFor(kind)]),
);

type State =
  | { kind: "idle" }
  | { kind: "running"; rows: number; itemsDone: number; itemsTotal: number | null }
  | { kind: "done"; rows: number; fileName: string; sha256: string | null }
  | { kind: "failed"; message: string };

interface ExportRecord {
  status: string;
  itemsDone: number;
  itemsTotal: number | null;
  rowCount: number | null;
  sha256: string | null;
  fileName: string | null;
  error: string | null;
  manifest: { split?: Record<string, { rows: number; sha256: string }> | null } | null;
}

const STORAGE_KEY = (slug: string) => `rlhf:export-options:${slug}`;

/**
 * Starts an export as a browser download (streamed to disk by the browser) and shows its
 * progress from the export's record: items visited and rows written, polled while it runs.
 */
export function ExportForm({ slug, kind }: { slug: string; kind: string }) {
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
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

    // The browser's own download manager saves the stream straight to disk (memory stays flat
    // however large the export); this page follows the export through its record, by an id it
    // chose itself.
    // The same checks the server makes, before anything starts (a refused download would only
    // show up as a failed file in the browser's download list).
    const checked = exportOptionsSchema.safeParse(Object.fromEntries(query));
    if (!checked.success) {
      setState({
        kind: "failed",
        message: checked.error.issues.map((i) => `${i.path.join(".") || "options"}: ${i.message}`).join("; "),
      });
      return;
    }
    // Remembered once they pass, for the next visit.
    window.localStorage.setItem(STORAGE_KEY(slug), JSON.stringify(remembered));
    const exportId = crypto.randomUUID();
    query.set("exportId", exportId);
    const link = document.createElement("a");
    link.href = `/api/projects/${encodeURIComponent(slug)}/export?${query}`;
    link.download = "";
    document.body.append(link);
    link.click();
    link.remove();
    setState({ kind: "running", rows: 0, itemsDone: 0, itemsTotal: null });
    const started = Date.now();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      const response = await fetch(`/api/exports/${exportId}`).catch(() => null);
      if (response?.status === 404 && Date.now() - started < 30_000) continue;
      const body = (await response?.json().catch(() => null)) as { export?: ExportRecord } | null;
      const record = body?.export;
      if (!record) {
        setState({ kind: "failed", message: "The export did not start. Check the options and try again." });
        return;
      }
      if (record.status === "failed") {
        setState({ kind: "failed", message: `The export failed: ${record.error ?? "unknown error"}.` });
        router.refresh();
        return;
      }
      if (record.status === "done") {
        const partName = split ? String(form.get("part") ?? "train") : null;
        const manifest = record.manifest;
        const partSummary = partName ? manifest?.split?.[partName] : null;
        setState({
          kind: "done",
          rows: partSummary?.rows ?? record.rowCount ?? 0,
          fileName: record.fileName ?? `${slug}.jsonl`,
          sha256: partSummary?.sha256 ?? record.sha256,
        });
        router.refresh();
        return;
      }
      setState({
        kind: "running",
        rows: record.rowCount ?? 0,
        itemsDone: record.itemsDone,
        itemsTotal: record.itemsTotal,
      });
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
              <ProgressBar label="Export progress" percent={percent} />
              <span className="text-xs tabular-nums text-slate-500" data-testid="export-progress">
                {state.rows.toLocaleString("en")} rows
                {percent !== null ? ` · ${percent}% of items` : ""}
              </span>
            </div>
            <span className="text-xs text-slate-500">Your browser saves the file as it arrives.</span>
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
          Saved <span className="font-mono">{state.fileName}</span>: {state.rows.toLocaleString("en")} rows
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
