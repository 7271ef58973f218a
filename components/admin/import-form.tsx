"use client";

import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { IMPORT_FORMAT_CHOICES } from "@/lib/domain/import/import-formats";
import type { ImportSummary } from "@/lib/server/import/import-items";
import { inputClass, labelClass, primaryButtonClass } from "@/components/ui/field-styles";
import { ProgressBar } from "@/components/ui/progress-bar";

type Summary = ImportSummary;

type State =
  | { kind: "idle" }
  | { kind: "uploading"; sent: number; total: number }
  | { kind: "processing" }
  | { kind: "done"; summary: Summary }
  | { kind: "failed"; message: string };

/** Uploads a JSONL file to the import API, streaming, with a progress bar (XHR reports upload progress; fetch does not). */
export function ImportForm({ slug }: { slug: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const fileRef = useRef<HTMLInputElement>(null);
  const busy = state.kind === "uploading" || state.kind === "processing";

  function upload(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const file = fileRef.current?.files?.[0];
    if (!file) {
      setState({ kind: "failed", message: "Choose a .jsonl file first." });
      return;
    }
    const query = new URLSearchParams({
      format: String(form.get("format")),
      skipInvalid: form.get("skipInvalid") ? "true" : "false",
    });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/projects/${encodeURIComponent(slug)}/import?${query}`);
    xhr.setRequestHeader("content-type", "application/x-ndjson");
    xhr.upload.onprogress = (e) =>
      setState({ kind: "uploading", sent: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.upload.onload = () => setState({ kind: "processing" });
    xhr.onerror = () =>
      setState({ kind: "failed", message: "The upload did not reach the server. Check the connection and try again." });
    xhr.onload = () => {
      let body: (Summary & { error?: { message: string } }) | null = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // handled below
      }
      if ((xhr.status === 200 || xhr.status === 422) && body) {
        setState({ kind: "done", summary: body });
        if (xhr.status === 200) router.refresh();
      } else setState({ kind: "failed", message: body?.error?.message ?? `The server answered ${xhr.status}.` });
    };
    setState({ kind: "uploading", sent: 0, total: file.size });
    xhr.send(file);
  }

  const percent =
    state.kind === "uploading" && state.total
      ? Math.round((100 * state.sent) / state.total)
      : state.kind === "processing"
        ? 100
        : 0;

  return (
    <form onSubmit={upload} aria-label="Import items" className="space-y-4">
      <div className="grid gap-4 md:grid-cols-3">
        <div className="md:col-span-2">
          <label htmlFor="import-file" className={labelClass}>
            JSONL file
          </label>
          <input
            id="import-file"
            ref={fileRef}
            type="file"
            accept=".jsonl,.ndjson,.json,application/x-ndjson"
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium"
          />
        </div>
        <div>
          <label htmlFor="import-format" className={labelClass}>
            Format
          </label>
          <select id="import-format" name="format" defaultValue="auto" className={inputClass}>
            {IMPORT_FORMAT_CHOICES.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="skipInvalid" className="accent-indigo-600" />
        Import the good lines even if some are bad (otherwise nothing is imported when any line is refused)
      </label>
      <div className="flex items-center gap-4">
        <button type="submit" disabled={busy} className={primaryButtonClass}>
          {busy ? "Importing…" : "Import"}
        </button>
        {busy ? (
          <div className="flex flex-1 items-center gap-3">
            <ProgressBar label="Upload progress" percent={percent} />
            <span className="text-xs tabular-nums text-slate-500">
              {state.kind === "processing" ? "Checking and saving…" : `${percent}%`}
            </span>
          </div>
        ) : null}
      </div>
      {state.kind === "failed" ? (
        <p role="alert" className="text-sm text-rose-700">
          {state.message}
        </p>
      ) : null}
      {state.kind === "done" ? <ImportResult summary={state.summary} /> : null}
    </form>
  );
}

function ImportResult({ summary }: { summary: Summary }) {
  return (
    <div
      data-testid="import-result"
      className={`rounded-lg p-4 text-sm ring-1 ${summary.committed ? "bg-emerald-50 ring-emerald-200" : "bg-rose-50 ring-rose-200"}`}
    >
      <p className="font-medium">
        {summary.committed
          ? `Imported ${summary.imported.toLocaleString("en")} item${summary.imported === 1 ? "" : "s"}` +
            (summary.duplicates ? `, ${summary.duplicates.toLocaleString("en")} already there` : "") +
            (summary.errorCount ? `, ${summary.errorCount.toLocaleString("en")} line(s) refused` : "") +
            (summary.format ? ` (format: ${summary.format})` : "") +
            "."
          : `Nothing was imported: ${summary.errorCount.toLocaleString("en")} line(s) were refused. Fix them, or tick “Import the good lines”.`}
      </p>
      {summary.errors.length ? (
        <table className="mt-3 w-full text-left text-xs">
          <thead>
            <tr className="text-slate-500">
              <th className="w-16 py-1 font-medium">Line</th>
              <th className="py-1 font-medium">Problem</th>
            </tr>
          </thead>
          <tbody>
            {summary.errors.slice(0, 50).map((e) => (
              <tr key={e.line} className="border-t border-black/5">
                <td className="py-1 tabular-nums">{e.line}</td>
                <td className="py-1">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {summary.errorCount > 50 ? (
        <p className="mt-2 text-xs text-slate-500">
          Showing the first 50 of {summary.errorCount.toLocaleString("en")}.
        </p>
      ) : null}
    </div>
  );
}
