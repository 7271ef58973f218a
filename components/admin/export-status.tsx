import { primaryButtonClass } from "@/components/ui/field-styles";
import { ProgressBar } from "@/components/ui/progress-bar";
import { progressPercent, type ExportProgress } from "./export-progress";

/** The submit button, and while an export runs, its progress. */
export function ExportActions({ progress }: { progress: ExportProgress }) {
  const busy = progress.kind === "running";
  const percent = progressPercent(progress);
  return (
    <div className="flex items-center gap-4">
      <button type="submit" disabled={busy} className={primaryButtonClass}>
        {busy ? "Exporting…" : "Export and download"}
      </button>
      {busy ? (
        <>
          <div className="flex flex-1 items-center gap-3">
            <ProgressBar label="Export progress" percent={percent} />
            <span className="text-xs tabular-nums text-slate-500" data-testid="export-progress">
              {progress.rows.toLocaleString("en")} rows
              {percent !== null ? ` · ${percent}% of items` : ""}
            </span>
          </div>
          <span className="text-xs text-slate-500">Your browser saves the file as it arrives.</span>
        </>
      ) : null}
    </div>
  );
}

export function ExportFailed({ message }: { message: string }) {
  return (
    <p role="alert" className="text-sm text-rose-700">
      {message}
    </p>
  );
}

/** What was saved: the file, its rows and the start of its checksum. */
export function ExportSaved({ file }: { file: { rows: number; fileName: string; sha256: string | null } }) {
  return (
    <p className="rounded-lg bg-emerald-50 p-3 text-sm ring-1 ring-emerald-200" data-testid="export-result">
      Saved <span className="font-mono">{file.fileName}</span>: {file.rows.toLocaleString("en")} rows
      {file.sha256 ? (
        <>
          , sha256 <span className="font-mono text-xs">{file.sha256.slice(0, 16)}…</span>
        </>
      ) : null}
      . Its manifest is in the list below.
    </p>
  );
}
