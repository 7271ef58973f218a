import { Badge } from "@/components/ui/badge";
import { Table } from "@/components/ui/table";

export interface ExportRow {
  id: string;
  format: string;
  status: string;
  filters: unknown;
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
export function ExportsTable({ exports }: { exports: ExportRow[] }) {
  if (exports.length === 0) return <p className="text-sm text-slate-500">No exports yet.</p>;
  return (
    <Table
      columns={[
        { label: "When" },
        { label: "Format" },
        { label: "Filters" },
        { label: "Rows", align: "right" },
        { label: "Status" },
        { label: "Manifest" },
      ]}
    >
      {exports.map((e) => {
        const filters = Object.entries((e.filters ?? {}) as Record<string, unknown>);
        return (
          <tr key={e.id} data-testid="export-row">
            <td className="px-5 py-2 whitespace-nowrap text-slate-600">
              {e.createdAt.toISOString().slice(0, 16).replace("T", " ")}
              <div className="text-xs text-slate-500">{e.by ?? "CLI"}</div>
            </td>
            <td className="px-5 py-2 font-mono text-xs">{e.format}</td>
            <td className="px-5 py-2 text-xs text-slate-600">
              {filters.length
                ? filters.map(([k, v]) => `${k} ${typeof v === "object" ? JSON.stringify(v) : String(v)}`).join(", ")
                : "none"}
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
          </tr>
        );
      })}
    </Table>
  );
}
