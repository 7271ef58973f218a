export interface IntervalRow {
  label: string;
  /** 0..1 */
  value: number;
  interval: [number, number];
}

const pct = (v: number) => Math.round(v * 100);

/**
 * Shares with their 95% intervals on a fixed 0–100% axis, one row per slice: a bar for the
 * interval, a dot for the value, a dashed line for a reference share (the overall figure).
 * Rows in HTML, like the horizontal bar chart: labels keep their size at any width. The label
 * lists every value for screen readers.
 */
export function PercentIntervalChart({
  rows,
  title,
  reference,
  testId,
}: {
  rows: IntervalRow[];
  title: string;
  reference?: number;
  testId?: string;
}) {
  const summary = `${title}: ${rows
    .map((r) => `${r.label} ${pct(r.value)}% (95% interval ${pct(r.interval[0])} to ${pct(r.interval[1])})`)
    .join(", ")}`;
  return (
    <div role="img" aria-label={summary} data-testid={testId} className="space-y-1.5">
      {rows.map((r) => (
        <div
          key={r.label}
          aria-hidden
          className="grid grid-cols-[minmax(0,10rem)_1fr_2.5rem] items-center gap-2 text-xs"
          title={`${r.label}: ${pct(r.value)}% (${pct(r.interval[0])}–${pct(r.interval[1])}%)`}
        >
          <span className="truncate text-right text-slate-600">{r.label}</span>
          <span className="relative h-4 rounded-sm bg-slate-50">
            {reference !== undefined ? (
              <span
                className="absolute inset-y-0 border-l border-dashed border-slate-400"
                style={{ left: `${reference * 100}%` }}
              />
            ) : null}
            <span
              className="absolute top-1/2 h-1.5 -translate-y-1/2 rounded-full bg-indigo-200"
              style={{
                left: `${r.interval[0] * 100}%`,
                width: `${Math.max(0.5, (r.interval[1] - r.interval[0]) * 100)}%`,
              }}
            />
            <span
              className="absolute top-1/2 size-2.5 -translate-x-1/2 -translate-y-1/2 rounded-full bg-indigo-600"
              style={{ left: `${r.value * 100}%` }}
            />
          </span>
          <span className="text-slate-700 tabular-nums">{pct(r.value)}%</span>
        </div>
      ))}
      <div aria-hidden className="grid grid-cols-[minmax(0,10rem)_1fr_2.5rem] gap-2 text-[10px] text-slate-500">
        <span />
        <span className="flex justify-between tabular-nums">
          <span>0%</span>
          <span>50%</span>
          <span>100%</span>
        </span>
        <span />
      </div>
    </div>
  );
}
