import type { QueueHealth } from "@/lib/server/projects/project-detail";

const PARTS = [
  { key: "done", label: "Done", color: "bg-emerald-500" },
  { key: "leased", label: "Being labeled", color: "bg-indigo-500" },
  { key: "expired", label: "Lease expired", color: "bg-amber-400" },
  { key: "open", label: "Waiting", color: "bg-slate-300" },
] as const;

/** Slots by state as one stacked bar: what is done, in progress, stuck and waiting. */
export function QueueHealthBar({ health }: { health: QueueHealth }) {
  const total = PARTS.reduce((sum, p) => sum + health[p.key], 0);
  if (total === 0) return <p className="text-sm text-slate-500">No items yet: import some in the Data tab.</p>;
  return (
    <div>
      <div
        className="flex h-3 overflow-hidden rounded-full bg-slate-100"
        role="img"
        aria-label={PARTS.map((p) => `${p.label} ${health[p.key]}`).join(", ")}
      >
        {PARTS.map((p) =>
          health[p.key] ? (
            <div key={p.key} className={p.color} style={{ width: `${(100 * health[p.key]) / total}%` }} />
          ) : null,
        )}
      </div>
      <dl className="mt-3 flex flex-wrap gap-x-6 gap-y-1 text-sm" data-testid="queue-health">
        {PARTS.map((p) => (
          <div key={p.key} className="flex items-center gap-2">
            <span className={`h-2.5 w-2.5 rounded-sm ${p.color}`} aria-hidden />
            <dt className="text-slate-500">{p.label}</dt>
            <dd className="font-medium tabular-nums">{health[p.key].toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
