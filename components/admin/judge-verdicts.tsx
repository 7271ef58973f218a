import { Badge } from "@/components/ui/badge";
import type { RunDetail } from "./judge-view";

// A sample of a run's items with the judge's answer in both display orders. The judge's raw
// text is model output: shown as text, never as markup.

const letters = (ranking: string[][] | null, order: string[]) =>
  ranking === null
    ? "—"
    : ranking.map((group) => group.map((id) => String.fromCharCode(65 + order.indexOf(id))).join("=")).join(" > ");

export function JudgeVerdicts({ detail }: { detail: RunDetail }) {
  if (detail.items.length === 0) return <p className="text-sm text-slate-500">No verdicts recorded yet.</p>;
  return (
    <div className="space-y-3" data-testid="judge-verdicts">
      <h4 className="text-sm font-semibold text-slate-700">Verdicts (a sample of {detail.items.length} items)</h4>
      {detail.items.map((item) => {
        const own = item.completions.map((c) => c.id);
        return (
          <div key={item.itemId} className="rounded-md border border-slate-200 p-3">
            <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
              <span className="font-medium text-slate-800">Item #{item.number ?? "?"}</span>
              <span className="font-mono text-xs text-slate-500">{item.externalId}</span>
              {item.annotation ? (
                <Badge tone={item.annotation.consistent ? "green" : item.annotation.unsure ? "amber" : "red"}>
                  {item.annotation.consistent
                    ? "consistent"
                    : item.annotation.unsure
                      ? "unsure"
                      : "inconsistent or unparsed"}
                </Badge>
              ) : null}
              {item.annotation?.ranking ? (
                <span className="text-xs text-slate-600">item order: {letters(item.annotation.ranking, own)}</span>
              ) : null}
            </div>
            <div className="grid gap-3 md:grid-cols-2">
              {item.orders.map((order) => (
                <div key={order.swap} className="min-w-0">
                  <p className="text-xs font-medium text-slate-600">
                    {order.swap === 0 ? "Item's order" : "Swapped order"}: verdict{" "}
                    {order.unsure ? "unsure" : letters(order.ranking, order.displayOrder)}
                    {order.parseError ? ` · unparsed: ${order.parseError}` : ""}
                    {order.error ? ` · failed: ${order.error}` : ""}
                  </p>
                  <details>
                    <summary className="cursor-pointer text-xs text-indigo-700">Raw answer</summary>
                    <pre className="mt-1 max-h-60 overflow-auto rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap text-slate-700">
                      {order.raw ?? "(no answer)"}
                    </pre>
                  </details>
                </div>
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
