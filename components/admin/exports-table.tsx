import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";
import { describeFilters, exportPart, redownloadHref } from "@/lib/domain/export/recorded-export";

export interface ExportRow {
  id: string;
  format: string;
  status: string;
  filters: unknown;
  fileName: string | null;
  splitParts: string[];
  rowCount: number | null;
  sha256: string | null;
  manifest: unknown;
  error: string | null;
  createdAt: Date;
  by: string | null;
}

const TONES: Record<string, "green" | "amber" | "red" | "slate"> = {
  done: "green",
  running: "amber",
  pending: "slate",
  failed: "red",
};

/** The project's latest exports with their filters and manifests (what was handed to training). */
export function ExportsTable({ slug, exports }: { slug: string; exports: ExportRow[] }) {
  if (exports.length === 0) return <p className="text-sm text-slate-500">No exports yet.</p>;
  return (
    <Table
      columns={[
        { label: "When" },
        { label: "Format" },
        { label: "Part" },
        { label: "Filters" },
        { label: "Rows", align: "right" },
        { label: "Status" },
        { label: "Manifest" },
        { label: "Again" },
      ]}
    >
      {exports.map((e) => {
        const recorded = {
          format: e.format,
          fileName: e.fileName,
          splitParts: e.splitParts,
          filters: (e.filters ?? {}) as Record<string, unknown>,
        };
        const filters = describeFilters(recorded);
        const part = exportPart(recorded);
        return (
          <tr key={e.id} data-testid="export-row">
            <td className="px-5 py-2 whitespace-nowrap text-slate-600">
              {e.createdAt.toISOString().slice(0, 16).replace("T", " ")}
              <div className="text-xs text-slate-500">{e.by ?? "CLI"}</div>
            </td>
            <td className="px-5 py-2 font-mono text-xs">{e.format}</td>
            <td className="px-5 py-2 text-xs" data-testid="export-part">
              {part === null ? "–" : part === "all" ? "all parts" : part}
            </td>
            <td className="px-5 py-2 text-xs text-slate-600" data-testid="export-filters">
              {filters.length ? filters.join(", ") : "none"}
            </td>
            <td className="px-5 py-2 text-right tabular-nums">{e.rowCount?.toLocaleString("en") ?? "–"}</td>
            <td className="px-5 py-2">
              <Badge tone={TONES[e.status] ?? "slate"}>{e.status}</Badge>
              {e.error ? <div className="mt-1 max-w-xs truncate text-xs text-rose-700">{e.error}</div> : null}
            </td>
            <td className="px-5 py-2">
              {e.manifest ? (
                <details>
                  <summary className="cursor-pointer text-xs text-indigo-700">sha256 {e.sha256?.slice(0, 10)}…</summary>
                  <pre className="mt-2 max-h-64 max-w-md overflow-auto rounded bg-slate-50 p-2 text-[11px]">
                    {JSON.stringify(e.manifest, null, 2)}
                  </pre>
                </details>
              ) : (
                "–"
              )}
            </td>
            <td className="px-5 py-2 text-xs whitespace-nowrap">
              {/* A plain link: the browser downloads it; the export runs again on today's data. */}
              <a
                href={redownloadHref(slug, recorded)}
                download
                className="text-indigo-700 hover:underline"
                aria-label={`Download again: ${e.format}${part ? `, ${part === "all" ? "all parts" : part}` : ""}, ${e.createdAt.toISOString().slice(0, 16).replace("T", " ")}`}
              >
                Download again
              </a>
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
