// Where a browser export is, read from its record (GET /api/exports/:id). Pure: the hook
// use-export-progress.ts polls, these functions say what each answer means.

export interface ExportRecord {
  status: string;
  itemsDone: number;
  itemsTotal: number | null;
  rowCount: number | null;
  sha256: string | null;
  fileName: string | null;
  error: string | null;
  manifest: { split?: Record<string, { rows: number; sha256: string }> | null } | null;
}

export type ExportProgress =
  | { kind: "idle" }
  | { kind: "running"; rows: number; itemsDone: number; itemsTotal: number | null }
  | { kind: "done"; record: ExportRecord }
  | { kind: "failed"; message: string };

/** The record appears once the download request reaches the server: a 404 is waited out this long. */
export const START_WITHIN_MS = 30_000;

export const STARTING: ExportProgress = { kind: "running", rows: 0, itemsDone: 0, itemsTotal: null };

/**
 * What one answer means: "again" (not started yet, look again), or where the export is.
 * `status` is null when no answer arrived.
 */
export function progressFromAnswer(status: number | null, body: unknown, elapsedMs: number): ExportProgress | "again" {
  if (status === 404 && elapsedMs < START_WITHIN_MS) return "again";
  const record = (body as { export?: ExportRecord } | null)?.export;
  if (!record) return { kind: "failed", message: "The export did not start. Check the options and try again." };
  if (record.status === "failed")
    return { kind: "failed", message: `The export failed: ${record.error ?? "unknown error"}.` };
  if (record.status === "done") return { kind: "done", record };
  return { kind: "running", rows: record.rowCount ?? 0, itemsDone: record.itemsDone, itemsTotal: record.itemsTotal };
}

/** The share of items visited, when the total is known. */
export const progressPercent = (progress: ExportProgress) =>
  progress.kind === "running" && progress.itemsTotal
    ? Math.min(100, Math.round((100 * progress.itemsDone) / progress.itemsTotal))
    : null;

/** What the labeler's download holds: with a split, only the part downloaded. */
export function downloadedFile(record: ExportRecord, part: string | null, slug: string) {
  const partSummary = part ? record.manifest?.split?.[part] : null;
  return {
    rows: partSummary?.rows ?? record.rowCount ?? 0,
    fileName: record.fileName ?? `${slug}.jsonl`,
    sha256: partSummary?.sha256 ?? record.sha256,
  };
}
